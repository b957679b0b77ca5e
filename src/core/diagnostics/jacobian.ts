// Per-example Jacobian spectral norms by batched power iteration: row r of every buffer belongs to
// example r, and each row is normalised on its own, so one pass of jvp/vjp advances B independent power
// iterations. A range of blocks [first, last] gives D_l (first = last) or the end-to-end ∂logits/∂x.
// B = probe rows, I = a block's input width, O = its output width.
// Call after model.forward(B, 'eval') on the probe batch: jvp/vjp linearise around that forward.

import type { Model } from '../model.js';
import type { Rng } from '../rng.js';
import { allocVec, type Vec } from '../tensor.js';
import { copyInto, fillNormal, normalizeRows } from './power.js';

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
  const { blocks, capacity, dtype } = model;
  const maxDim = Math.max(...blocks.map((b) => Math.max(b.inDim, b.outDim)));
  const v = allocVec(dtype, capacity * maxDim); // (B, I_first) the iterate
  const ping = allocVec(dtype, capacity * maxDim); // (B, *) chain scratch
  const pong = allocVec(dtype, capacity * maxDim); // (B, *) chain scratch
  const logF = new Float64Array(capacity); // log ‖J v‖ per row
  const logB = new Float64Array(capacity); // log ‖Jᵀ u‖ per row

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
      copyInto(dst, transpose ? block.vjp(src, B) : block.jvp(src, B), B * width);
      normalizeRows(dst, B, width, logScale);
      src = dst;
    }
    return src;
  };

  return {
    spectralNorms(first, last, B, iterations, rng, out, logOut) {
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
