// Power iteration: ‖A‖₂ = √(largest eigenvalue of AᵀA), found by repeatedly applying AᵀA to a vector.
// Each estimate ‖A v‖ (‖v‖ = 1) is a lower bound on ‖A‖₂ that converges like (σ₂/σ₁)^(2k).
// Also the row helpers the batched probes use: every row of a (B, N) buffer is its own vector.

import type { Rng } from '../rng.js';
import { tridiagonalTop } from './lanczos.js';

/** v[i] ~ N(0, 1) for i < n: a start vector with a nonzero component along the top singular vector. */
export function fillNormal(v: { [i: number]: number }, n: number, rng: Rng): void {
  for (let i = 0; i < n; i++) v[i] = rng.normal();
}

/**
 * v[i] uniform in (−1, 1) for i < n, one 32-bit draw each: as good a random start as fillNormal's (any
 * continuous distribution has a nonzero component along the top singular vector almost surely) at a
 * fraction of the cost of Box–Muller's log, sqrt and cosine, for the probes' B × I start vectors.
 */
export function fillUniform(v: { [i: number]: number }, n: number, rng: Rng): void {
  for (let i = 0; i < n; i++) v[i] = (rng.uint32() + 0.5) * (2 / 4294967296) - 1;
}

export interface SpectralOptions {
  readonly iterations?: number;
  /** stop once the estimate changes by less than this relative amount */
  readonly tolerance?: number;
}

/**
 * ‖W‖₂ of W (O, I) row-major, by power iteration on WᵀW in float64.
 * `scratch` (optional) avoids allocation: at least O + I entries.
 */
export function spectralNorm(
  W: ArrayLike<number>,
  O: number,
  I: number,
  rng: Rng,
  opts: SpectralOptions = {},
  scratch: Float64Array = new Float64Array(O + I),
): number {
  const iterations = opts.iterations ?? 500;
  const tolerance = opts.tolerance ?? 1e-12;
  const v = scratch.subarray(0, I); // (I)
  const u = scratch.subarray(I, I + O); // (O)
  fillNormal(v, I, rng);
  scaleToUnit(v, I);
  let sigma = 0;
  for (let k = 0; k < iterations; k++) {
    // u = W v
    for (let o = 0; o < O; o++) {
      let s = 0;
      for (let i = 0; i < I; i++) s += W[o * I + i]! * v[i]!;
      u[o] = s;
    }
    // v = Wᵀ u; ‖Wᵀu‖/‖u‖ ≥ ‖Wv‖ is the better of the two lower bounds
    v.fill(0);
    for (let o = 0; o < O; o++) {
      const uo = u[o]!;
      for (let i = 0; i < I; i++) v[i] += W[o * I + i]! * uo;
    }
    const nu = norm(u, O);
    const nv = scaleToUnit(v, I);
    const next = nu === 0 ? 0 : nv / nu;
    const done = Math.abs(next - sigma) <= tolerance * next;
    sigma = next;
    if (done || nv === 0) break;
  }
  return sigma;
}

function norm(v: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** Scale v to unit norm in place; returns the norm it had (0 leaves v as it is). */
function scaleToUnit(v: { [i: number]: number }, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i]! * v[i]!;
  const r = Math.sqrt(s);
  if (r > 0) for (let i = 0; i < n; i++) v[i] /= r;
  return r;
}

/**
 * Normalise each of the B rows of buf (B, N) to unit norm in place and add log‖row‖ to logScale[row].
 * A zero row stays zero and its logScale becomes −∞ (the Jacobian sent that example's vector to 0).
 * NOTE: tracking the scale in log space is what lets a chain of 50 sigmoid layers (‖J‖ ~ 1e-50) be
 * measured in float32, whose smallest normal number is 1e-38.
 */
export function normalizeRows(
  buf: { [i: number]: number },
  B: number,
  N: number,
  logScale: Float64Array,
): void {
  copyNormalizedRows(buf, buf as ArrayLike<number>, B, N, logScale);
}

/**
 * normalizeRows of a copy: dst (B, N) = src's rows scaled to unit norm, log‖row‖ added to logScale[row];
 * one read of src instead of a copy and a second pass (the same numbers as copyInto then normalizeRows).
 */
export function copyNormalizedRows(
  dst: { [i: number]: number },
  src: ArrayLike<number>,
  B: number,
  N: number,
  logScale: Float64Array,
): void {
  for (let r = 0; r < B; r++) {
    const o = r * N;
    let s = 0;
    for (let j = 0; j < N; j++) s += src[o + j]! * src[o + j]!;
    const nrm = Math.sqrt(s);
    logScale[r] += Math.log(nrm);
    if (nrm > 0 && Number.isFinite(nrm)) for (let j = 0; j < N; j++) dst[o + j] = src[o + j]! / nrm;
    else for (let j = 0; j < N; j++) dst[o + j] = src[o + j]!;
  }
}

/** dst[i] = src[i] for i < n (the layers' output buffers are theirs; probes keep their own copies). */
export function copyInto(dst: { [i: number]: number }, src: ArrayLike<number>, n: number): void {
  for (let i = 0; i < n; i++) dst[i] = src[i]!;
}

/**
 * The largest eigenvalue of the symmetric S×S matrix `gram` (float64, row-major; only its lower triangle
 * is read, and it is overwritten), exactly to rounding: Householder reduction to tridiagonal form, then
 * tridiagonalTop's Newton descent. `vec` is scratch of at least 2S entries. About 2S³ flops, where power
 * iteration to the same precision needed up to 200 matrix–vector products (S² each) when the top two
 * eigenvalues lie close, as they do for per-example Jacobians.
 * reference: Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 8.3.1 (Householder
 * tridiagonalisation), in the eigenvalues-only form of Numerical Recipes' tred2.
 */
export function gramTopEigenvalue(gram: Float64Array, S: number, vec: Float64Array): number {
  // vec[0, S): the diagonal d at the end, and p = A u / h while row i is reduced (d is filled last);
  // vec[S + i − 1]: the off-diagonal entry that joins rows i − 1 and i
  for (let i = S - 1; i > 0; i--) {
    const row = i * S;
    let scale = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(gram[row + k]!);
    if (i === 1 || scale === 0) {
      vec[S + i - 1] = gram[row + i - 1]!;
      continue;
    }
    // the reflector u that zeroes row i left of its subdiagonal, scaled against over- and underflow
    let h = 0;
    for (let k = 0; k < i; k++) {
      gram[row + k] = gram[row + k]! / scale;
      h += gram[row + k]! * gram[row + k]!;
    }
    const f = gram[row + i - 1]!;
    const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
    vec[S + i - 1] = scale * g;
    h -= f * g;
    gram[row + i - 1] = f - g;
    // p = A u / h, then A ← A − u qᵀ − q uᵀ with q = p − (uᵀp / 2h) u, on the leading i×i lower triangle
    let up = 0;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += gram[j * S + k]! * gram[row + k]!;
      for (let k = j + 1; k < i; k++) s += gram[k * S + j]! * gram[row + k]!;
      vec[j] = s / h;
      up += vec[j]! * gram[row + j]!;
    }
    const hh = up / (h + h);
    for (let j = 0; j < i; j++) {
      const uj = gram[row + j]!;
      const qj = vec[j]! - hh * uj;
      vec[j] = qj;
      for (let k = 0; k <= j; k++) gram[j * S + k] = gram[j * S + k]! - (uj * vec[k]! + qj * gram[row + k]!);
    }
  }
  for (let i = 0; i < S; i++) vec[i] = gram[i * S + i]!;
  return tridiagonalTop(vec, vec, S, S);
}
