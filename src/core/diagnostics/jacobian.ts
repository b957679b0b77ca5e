// Per-example Jacobian spectral norms by batched Lanczos bidiagonalisation (lanczos.ts): row r of every
// buffer belongs to example r, and each row is its own run, so one jvp and one vjp pass advance B runs. It
// starts as power iteration does (the first estimate is ‖Jᵀu‖, u = Jv/‖Jv‖) and stops once every row's
// estimate changes by less than JACOBIAN_TOLERANCE, or after `iterations` steps. A range of blocks
// [first, last] gives D_l (first = last) or the end-to-end ∂logits/∂x.
// A block with a narrow side (m = min(in, out) ≤ JACOBIAN_EXACT_WIDTH, and m < 2·iterations) is measured
// exactly instead: m jvp (or vjp) passes of the basis vectors give each example's whole m-column Jacobian,
// whose m×m Gram matrix gives ‖J_r‖₂; that is cheaper than 2·iterations passes, and not a lower bound.
// The end-to-end range is measured exactly when it and every block are narrow (a small network), or
// when it is narrower than the step cap (Lanczos would reach its rank, and so the exact value, anyway).
// B = probe rows, I = a block's input width, O = its output width, m = the narrow width.
// Call after model.forward(B, 'eval') on the probe batch: jvp/vjp linearise around that forward.

import type { Model } from '../model.js';
import type { Rng } from '../rng.js';
import type { Vec } from '../tensor.js';
import { createGramNorms, gramFits } from './block-gram.js';
import { createBidiagonalRows, ritzTop } from './lanczos.js';
import { copyInto, copyNormalizedRows, fillUniform, gramTopEigenvalue, normalizeRows } from './power.js';
import { JACOBIAN_EXACT_WIDTH, JACOBIAN_TOLERANCE } from './thresholds.js';

export interface JacobianProbe {
  /**
   * out[r] = ‖J_r‖₂ estimate for rows r < B, where J_r is example r's Jacobian of blocks first..last.
   * logOut[r] gets its natural log (kept separately: a deep product can underflow float64's exp).
   */
  spectralNorms(
    first: number,
    last: number,
    B: number,
    iterations: number,
    rng: Rng,
    out: Float64Array,
    logOut: Float64Array,
  ): void;
}

export function createJacobianProbe(model: Model): JacobianProbe {
  const { blocks, capacity, dtype, kernels } = model;
  const L = blocks.length;
  const maxDim = Math.max(...blocks.map((b) => Math.max(b.inDim, b.outDim)));
  // in the kernels' memory, so the jvp/vjp calls read them in place
  const v = kernels.alloc(dtype, capacity * maxDim); // (B, I_first) the right Lanczos vector v_k
  const u = kernels.alloc(dtype, capacity * maxDim); // (B, O_last) the left Lanczos vector u_k
  const logS = new Float64Array(capacity); // log ‖J v_1‖ per row: α and β are kept in its units
  const ping = kernels.alloc(dtype, capacity * maxDim); // (B, *) chain scratch
  const pong = kernels.alloc(dtype, capacity * maxDim); // (B, *) chain scratch
  const logF = new Float64Array(capacity); // log ‖J v‖ per row
  const logB = new Float64Array(capacity); // log ‖Jᵀ u‖ per row
  // the exact path's m basis passes, as wide as the widest narrow range
  const narrow = (first: number, last: number): number =>
    Math.min(blocks[first]!.inDim, blocks[last]!.outDim);
  const ranges = [...blocks.map((_, l) => narrow(l, l)), narrow(0, L - 1)];
  const mMax = Math.max(0, ...ranges.filter((m) => m <= JACOBIAN_EXACT_WIDTH));
  const basis: Vec[] = Array.from({ length: mMax }, () => kernels.alloc(dtype, capacity * maxDim)); // m × (B, *)
  const gram = new Float64Array(mMax * mMax);
  const exactOne = (m: number, iterations: number): boolean =>
    m <= JACOBIAN_EXACT_WIDTH && m < 2 * iterations;
  // NOTE: a range of several blocks is measured exactly only when each of its blocks is, or when Lanczos
  // would reach its rank m within the step cap anyway (m < iterations: a classifier's ∂logits/∂x), so
  // exact gives what Lanczos would, in m passes instead of 2(m + 1). The bound ‖J‖ ≤ Π‖D_l‖ compares it
  // with their product, and an exact ‖J‖ against capped lower bounds of ‖D_l‖ (each a little low) could
  // fail it at depth for no reason but the estimator.
  const exactAt = (first: number, last: number, iterations: number): boolean => {
    const m = narrow(first, last);
    if (!exactOne(m, iterations)) return false;
    if (m < iterations) return true;
    for (let l = first; l <= last && first !== last; l++)
      if (!exactOne(narrow(l, l), iterations)) return false;
    return true;
  };
  const eig = new Float64Array(2 * mMax);

  /**
   * J v (or Jᵀ u when `transpose`) through blocks first..last, renormalising rows after each block and
   * adding the log norms to logScale; the result lies in ping or pong.
   */
  const chain = (
    first: number,
    last: number,
    src: Vec,
    B: number,
    transpose: boolean,
    logScale: Float64Array,
  ): Vec => {
    for (let k = 0; k <= last - first; k++) {
      const block = blocks[transpose ? last - k : first + k]!;
      const dst = src === ping ? pong : ping;
      const width = transpose ? block.inDim : block.outDim;
      // the block's output buffer is reused by its next jvp/vjp (and shared with backward): keep a copy
      copyNormalizedRows(dst, transpose ? block.vjp(src, B) : block.jvp(src, B), B, width, logScale);
      src = dst;
    }
    return src;
  };

  /** ‖J_r‖₂ from the m basis passes (m = the range's narrow width), rows renormalised per example. */
  const exact = (
    first: number,
    last: number,
    m: number,
    B: number,
    out: Float64Array,
    logOut: Float64Array,
  ) => {
    const I = blocks[first]!.inDim;
    const O = blocks[last]!.outDim;
    const transpose = O <= I; // vjps from the output side, else jvps from the input side
    let width = transpose ? O : I;
    for (let k = 0; k < m; k++) {
      const e = basis[k]!;
      e.fill(0, 0, B * width);
      for (let r = 0; r < B; r++) e[r * width + k] = 1;
    }
    logF.fill(0, 0, B);
    for (let s = 0; s <= last - first; s++) {
      const block = blocks[transpose ? last - s : first + s]!;
      width = transpose ? block.inDim : block.outDim;
      for (let k = 0; k < m; k++) {
        const e = basis[k]!;
        copyInto(e, transpose ? block.vjp(e, B) : block.jvp(e, B), B * width);
      }
      // NOTE: one common scale per example over its m vectors keeps their geometry exact and lets a deep
      // chain (‖J‖ ~ 1e-60) be measured in float32, as normalizeRows does for the power iteration
      for (let r = 0; r < B; r++) {
        let ss = 0;
        for (let k = 0; k < m; k++) {
          const e = basis[k]!;
          for (let j = r * width; j < (r + 1) * width; j++) ss += e[j]! * e[j]!;
        }
        const f = Math.sqrt(ss);
        logF[r] += Math.log(f);
        if (!(f > 0) || !Number.isFinite(f)) continue;
        for (let k = 0; k < m; k++) {
          const e = basis[k]!;
          for (let j = r * width; j < (r + 1) * width; j++) e[j] = e[j]! / f;
        }
      }
    }
    for (let r = 0; r < B; r++) {
      const o = r * width;
      for (let a = 0; a < m; a++) {
        for (let b = a; b < m; b++) {
          const ea = basis[a]!;
          const eb = basis[b]!;
          let s = 0;
          for (let j = 0; j < width; j++) s += ea[o + j]! * eb[o + j]!;
          gram[a * m + b] = s;
          gram[b * m + a] = s;
        }
      }
      const lambda = m === 1 ? gram[0]! : gramTopEigenvalue(gram, m, eig);
      logOut[r] = logF[r]! + 0.5 * Math.log(lambda);
      out[r] = Math.exp(logOut[r]!);
    }
  };

  // the steps' α, β per row and the Ritz scratch, grown to the largest step cap asked for
  let rowsCache = createBidiagonalRows(capacity, 1);
  let ritzD = new Float64Array(1);
  let ritzE = new Float64Array(1);
  const bidiagonal = (B: number, K: number) => {
    if (rowsCache.K < K) {
      rowsCache = createBidiagonalRows(capacity, K);
      ritzD = new Float64Array(K);
      ritzE = new Float64Array(K);
    }
    rowsCache.sigma.fill(0, 0, B);
    rowsCache.done.fill(0, 0, B);
    return rowsCache;
  };

  /**
   * One half-step of every row, in the units of log ‖J v_1‖ (logS): w = e^(logScale − logS)·src − c·prev,
   * where src is the chain's unit-row output with its log norm in logScale, prev the row's previous vector
   * (u_{k−1} with c = β_k for the forward half, v_k with c = α_k for the transpose half); then
   * ‖w‖ is stored as α_k (forward) or β_{k+1} and prev becomes w / ‖w‖. A row whose w vanishes is done.
   */
  const lanczosStep = (
    rows: ReturnType<typeof createBidiagonalRows>,
    B: number,
    k: number,
    width: number,
    prev: Vec,
    src: Vec,
    logScale: Float64Array,
    forward: boolean,
  ): void => {
    const { alpha, beta, done } = rows;
    for (let r = 0; r < B; r++) {
      const o = r * width;
      const c = forward ? (k > 0 ? beta[(k - 1) * B + r]! : 0) : alpha[k * B + r]!;
      const a = Math.exp(logScale[r]! - logS[r]!);
      if (done[r] || !(a > 0) || !Number.isFinite(a)) {
        done[r] = 1;
        (forward ? alpha : beta)[k * B + r] = 0;
        prev.fill(0, o, o + width);
        continue;
      }
      let ss = 0;
      for (let j = o; j < o + width; j++) {
        const w = a * src[j]! - c * prev[j]!;
        prev[j] = w;
        ss += w * w;
      }
      const n = Math.sqrt(ss);
      (forward ? alpha : beta)[k * B + r] = n;
      // NOTE: a norm at rounding level of the scale means the Krylov space is exhausted (k = rank J)
      if (!(n > 1e-6 * (a + c))) {
        done[r] = 1;
        prev.fill(0, o, o + width);
        continue;
      }
      for (let j = o; j < o + width; j++) prev[j] = prev[j]! / n;
    }
  };

  const gramNorms = createGramNorms(kernels, dtype, blocks, capacity);

  return {
    spectralNorms(first, last, B, iterations, rng, out, logOut) {
      if (exactAt(first, last, iterations)) return exact(first, last, narrow(first, last), B, out, logOut);
      if (first === last && gramFits(blocks[first]!, B, iterations)) {
        const rows = bidiagonal(B, iterations);
        const scratch = { v, q: u, prev: ping, x: pong, rows, ritzD, ritzE, scale: logF, logStart: logB };
        return gramNorms.measure(blocks[first]!, B, iterations, rng, scratch, out, logOut);
      }
      const I = blocks[first]!.inDim;
      const O = blocks[last]!.outDim;
      fillUniform(v, B * I, rng);
      logB.fill(0, 0, B);
      normalizeRows(v, B, I, logB);
      const rows = bidiagonal(B, iterations);
      for (let k = 0; k < iterations; k++) {
        logF.fill(0, 0, B);
        const jv = chain(first, last, v, B, false, logF);
        if (k === 0) logS.set(logF.subarray(0, B));
        // p = J v_k − β_k u_{k−1} → α_k, u_k
        lanczosStep(rows, B, k, O, u, jv, logF, true);
        logB.fill(0, 0, B);
        const jtu = chain(first, last, u, B, true, logB);
        // q = Jᵀ u_k − α_k v_k → β_{k+1}, v_{k+1}
        lanczosStep(rows, B, k, I, v, jtu, logB, false);
        let converged = true;
        for (let r = 0; r < B; r++) {
          const before = rows.sigma[r]!;
          // done 1: finished in this step (its last α, β still count); 2: earlier (its value is final)
          const next = rows.done[r] === 2 ? before : ritzTop(rows, B, r, k, ritzD, ritzE);
          if (rows.done[r]) rows.done[r] = 2;
          rows.sigma[r] = next;
          if (!(Math.abs(next - before) <= JACOBIAN_TOLERANCE * next)) converged = false;
        }
        if (converged && k > 0) break;
      }
      for (let r = 0; r < B; r++) {
        const sigma = rows.sigma[r]!;
        logOut[r] =
          sigma > 0 && Number.isFinite(logS[r]!) ? logS[r]! + Math.log(sigma) : Number.NEGATIVE_INFINITY;
        out[r] = Math.exp(logOut[r]!);
      }
    },
  };
}
