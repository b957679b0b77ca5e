// Per-example Jacobian spectral norms by batched power iteration: row r of every buffer belongs to
// example r, and each row is normalised on its own, so one pass of jvp/vjp advances B independent power
// iterations. A range of blocks [first, last] gives D_l (first = last) or the end-to-end ∂logits/∂x.
// A block with a narrow side (m = min(in, out) ≤ JACOBIAN_EXACT_WIDTH, and m < 2·iterations) is measured
// exactly instead: m jvp (or vjp) passes of the basis vectors give each example's whole m-column Jacobian,
// whose m×m Gram matrix gives ‖J_r‖₂; that is cheaper than 2·iterations passes, and not a lower bound.
// The end-to-end range is measured exactly when it and every block are narrow (a small network).
// B = probe rows, I = a block's input width, O = its output width, m = the narrow width.
// Call after model.forward(B, 'eval') on the probe batch: jvp/vjp linearise around that forward.

import type { Model } from '../model.js';
import type { Rng } from '../rng.js';
import type { Vec } from '../tensor.js';
import { copyInto, copyNormalizedRows, fillNormal, gramTopEigenvalue, normalizeRows } from './power.js';
import { JACOBIAN_EXACT_WIDTH } from './thresholds.js';

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
  const v = kernels.alloc(dtype, capacity * maxDim); // (B, I_first) the iterate
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
  // NOTE: a range of several blocks is measured exactly only when each of its blocks is: the bound
  // ‖J‖ ≤ Π‖D_l‖ compares it with their product, and an exact ‖J‖ against power-iteration lower bounds
  // of ‖D_l‖ (each a little low) would fail it at depth for no reason but the estimator
  const exactAt = (first: number, last: number, iterations: number): boolean => {
    if (!exactOne(narrow(first, last), iterations)) return false;
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

  return {
    spectralNorms(first, last, B, iterations, rng, out, logOut) {
      if (exactAt(first, last, iterations)) return exact(first, last, narrow(first, last), B, out, logOut);
      const I = blocks[first]!.inDim;
      fillNormal(v, B * I, rng);
      logB.fill(0, 0, B);
      normalizeRows(v, B, I, logB);
      for (let k = 0; k < iterations; k++) {
        logF.fill(0, 0, B);
        const u = chain(first, last, v, B, false, logF);
        logB.fill(0, 0, B);
        copyInto(v, chain(first, last, u, B, true, logB), B * I);
      }
      // ‖Jᵀu‖ with u = Jv/‖Jv‖ is ≥ ‖Jv‖ (Cauchy–Schwarz) and still ≤ ‖J‖₂: the better lower bound
      for (let r = 0; r < B; r++) {
        logOut[r] = logB[r]!;
        out[r] = Math.exp(logB[r]!);
      }
    },
  };
}
