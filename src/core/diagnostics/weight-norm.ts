// ‖W_l‖₂ for the probes: subspace (block power) iteration on WᵀW with P = 4 vectors, both products on the
// kernels (U = V Wᵀ as a P-row gemmNT, V = U W as a P-row gemmNN, in the model's dtype and memory). The
// estimate is the Rayleigh–Ritz value √λ_max(U Uᵀ) over the orthonormal rows of V: a lower bound of ‖W‖₂
// that converges like (σ_{P+1}/σ₁)^(2k), and, unlike one vector, it does not stall on a plateau when the
// start misses the top singular vector. It warm-starts from the subspace the last probe of the same layer
// ended on and stops once the estimate moves by at most a stated tolerance. power.ts's float64
// spectralNorm (one vector, fixed iterations) is the reference it is tested against.
// I = a layer's input width, O = its output width, P = the block size.

import type { Kernels } from '../kernels/types.js';
import type { Rng } from '../rng.js';
import type { DType, Vec } from '../tensor.js';
import { fillNormal, gramTopEigenvalue } from './power.js';
import { WEIGHT_NORM_BLOCK, WEIGHT_NORM_ITERATIONS, WEIGHT_NORM_TOLERANCE } from './thresholds.js';

export interface WeightNormOptions {
  /** at most this many iterations (default WEIGHT_NORM_ITERATIONS) */
  readonly iterations?: number;
  /** stop once |σ_k − σ_{k−1}| ≤ tolerance · σ_k (default WEIGHT_NORM_TOLERANCE) */
  readonly tolerance?: number;
}

export interface WeightNormMeter {
  /**
   * ‖W‖₂ of W (O, I) row-major on the kernels. `warm` (WEIGHT_NORM_BLOCK × I entries, float64) is the
   * start subspace when it is nonzero, else a N(0, 1) draw from rng; it holds the final subspace afterwards.
   */
  measure(W: Vec, O: number, I: number, warm: Float64Array, rng: Rng): { sigma: number; iterations: number };
}

export function createWeightNormMeter(
  kernels: Kernels,
  dtype: DType,
  maxIn: number,
  maxOut: number,
  opts: WeightNormOptions = {},
): WeightNormMeter {
  const iterations = opts.iterations ?? WEIGHT_NORM_ITERATIONS;
  const tolerance = opts.tolerance ?? WEIGHT_NORM_TOLERANCE;
  const P = WEIGHT_NORM_BLOCK;
  const V = kernels.alloc(dtype, P * maxIn); // (P, I) orthonormal rows
  const U = kernels.alloc(dtype, P * maxOut); // (P, O) = V Wᵀ
  const R = new Float64Array(P * P); // (P, P) U Uᵀ = V WᵀW Vᵀ
  const eig = new Float64Array(2 * P);

  return {
    measure(W, O, I, warm, rng) {
      const p = Math.min(P, I);
      let s = 0;
      for (let i = 0; i < p * I; i++) s += warm[i]! * warm[i]!;
      if (!(s > 0) || !Number.isFinite(s)) fillNormal(warm, p * I, rng);
      for (let i = 0; i < p * I; i++) V[i] = warm[i]!;
      orthonormalize(V, p, I);
      let sigma = 0;
      let k = 0;
      while (k < iterations) {
        k++;
        kernels.gemmNT(U, V, W, p, O, I, false); // U = V Wᵀ: row q is W v_q
        for (let a = 0; a < p; a++) {
          for (let b = a; b < p; b++) {
            let d = 0;
            for (let o = 0; o < O; o++) d += U[a * O + o]! * U[b * O + o]!;
            R[a * p + b] = d;
            R[b * p + a] = d;
          }
        }
        const next = Math.sqrt(p === 1 ? R[0]! : gramTopEigenvalue(R, p, eig));
        kernels.gemmNN(V, U, W, p, I, O, false); // V = U W: row q is WᵀW v_q
        const rank = orthonormalize(V, p, I);
        const done = Math.abs(next - sigma) <= tolerance * next;
        sigma = next;
        if (done || rank === 0 || !Number.isFinite(next)) break;
      }
      for (let i = 0; i < p * I; i++) warm[i] = V[i]!;
      return { sigma, iterations: k };
    },
  };
}

/**
 * Modified Gram–Schmidt on the p rows of V (p, I), in float64 sums; a row that is (numerically) in the
 * span of the earlier ones becomes zero (a rank-deficient W, or O < p). Returns the number of nonzero rows.
 */
function orthonormalize(V: Vec, p: number, I: number): number {
  let rank = 0;
  for (let a = 0; a < p; a++) {
    const oa = a * I;
    let s0 = 0;
    for (let i = 0; i < I; i++) s0 += V[oa + i]! * V[oa + i]!;
    for (let b = 0; b < a; b++) {
      const ob = b * I;
      let d = 0;
      for (let i = 0; i < I; i++) d += V[oa + i]! * V[ob + i]!;
      if (d !== 0) for (let i = 0; i < I; i++) V[oa + i] = V[oa + i]! - d * V[ob + i]!;
    }
    let s = 0;
    for (let i = 0; i < I; i++) s += V[oa + i]! * V[oa + i]!;
    const r = Math.sqrt(s);
    // NOTE: a row left with ≤ 1e-5 of its length is the rounding noise of a lower rank (float32 keeps ~1e-7),
    // not a direction: normalised, it would not be orthogonal to the others and could inflate the estimate
    if (r > 1e-5 * Math.sqrt(s0) && Number.isFinite(r)) {
      for (let i = 0; i < I; i++) V[oa + i] = V[oa + i]! / r;
      rank++;
    } else V.fill(0, oa, oa + I);
  }
  return rank;
}
