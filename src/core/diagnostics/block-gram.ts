// Per-example ‖D_l‖₂ of a plain block (a Dense layer and at most an elementwise activation after it: no
// norm, dropout, residual path or second Dense) from its output-side Gram matrix. There D_r = diag(f'_r) W,
// so D_r D_rᵀ = diag(f'_r) G diag(f'_r) with G = W Wᵀ (O×O), formed once per call on the kernels, and
// symmetric Lanczos on that O×O matrix costs one (B, O)×(O, O) gemm a step where the bidiagonalisation of
// jacobian.ts costs a jvp and a vjp through the (O, I) layer: 2·I/O times fewer flops a step (W2's
// 784→256 block: 6×), and one vector recurrence in JS instead of two.
// It starts from u_1 = D v_1/‖D v_1‖ with the same random v_1, so its Krylov space is the
// bidiagonalisation's: step k gives the same Ritz estimate (the same lower bound of ‖D_r‖₂) in exact
// arithmetic, and stops by the same JACOBIAN_TOLERANCE rule.
// reference: Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 10.1.1 (symmetric Lanczos).
// B = probe rows, I = the block's input width, O = its output width, K = the step cap.

import type { Block } from '../block.js';
import type { Kernels } from '../kernels/types.js';
import type { Rng } from '../rng.js';
import type { DType, Vec } from '../tensor.js';
import { type BidiagonalRows, borderedTop, tridiagonalTop } from './lanczos.js';
import { copyNormalizedRows, fillUniform } from './power.js';
import { JACOBIAN_TOLERANCE } from './thresholds.js';

/** Whether a block is plain (Dense, then at most an activation) with an output no wider than its input. */
function plainNarrowing(block: Block): boolean {
  const { dense, activation, layers } = block;
  return (
    block.residualScale === null &&
    block.norm === null &&
    layers[0] === dense &&
    layers.length === (activation ? 2 : 1) &&
    (!activation || layers[1] === activation) &&
    dense.outDim <= dense.inDim
  );
}

/** Whether the Gram path measures `block`: plain, narrowing, and the cheaper of the two at this step cap. */
export function gramFits(block: Block, B: number, iterations: number): boolean {
  const I = block.dense.inDim;
  const O = block.dense.outDim;
  // G costs O²·I, a step B·O² against the bidiagonalisation's 2·B·I·O (costed at the full step cap)
  return plainNarrowing(block) && O * (I + iterations * B) < 2 * iterations * B * I;
}

/** The buffers a Gram measurement works in: (capacity, ≥ max width) each, in the kernels' memory. */
export interface GramScratch {
  /** (B, I) the start vector v_1, then (B, O) the gemm's output */
  readonly v: Vec;
  /** (B, O) the current Lanczos vector q_j */
  readonly q: Vec;
  /** (B, O) the previous one, q_{j−1}, overwritten by q_{j+1} */
  readonly prev: Vec;
  /** (B, O) the gemm's input diag(f'_r / c_r) q_j */
  readonly x: Vec;
  /** the rows' α (diagonal) and β (off-diagonal) per step, their Ritz values and done flags */
  readonly rows: BidiagonalRows;
  /** (K) and (K) scratch for one row's tridiagonal */
  readonly ritzD: Float64Array;
  readonly ritzE: Float64Array;
  /** (capacity) per-row scale c_r = max_o |f'_r,o| and log ‖D v_1‖ */
  readonly scale: Float64Array;
  readonly logStart: Float64Array;
}

export interface GramNorms {
  /** out[r] = ‖D_r‖₂ of `block` for rows r < B (Lanczos, at most `iterations` steps); logOut its log */
  measure(
    block: Block,
    B: number,
    iterations: number,
    rng: Rng,
    s: GramScratch,
    out: Float64Array,
    logOut: Float64Array,
  ): void;
}

export function createGramNorms(
  kernels: Kernels,
  dtype: DType,
  blocks: readonly Block[],
  capacity: number,
): GramNorms {
  const maxOut = Math.max(0, ...blocks.filter(plainNarrowing).map((b) => b.dense.outDim));
  const G = kernels.alloc(dtype, maxOut * maxOut); // (O, O) W Wᵀ
  const dh = new Float64Array(capacity * maxOut); // (B, O) f'_r / c_r (1 without an activation)

  return {
    measure(block, B, iterations, rng, s, out, logOut) {
      const { dense, activation } = block;
      const I = dense.inDim;
      const O = dense.outDim;
      const { rows, scale, logStart } = s;
      const { alpha, beta, sigma, done } = rows;
      kernels.gemmNT(G, dense.weight, dense.weight, O, O, I, false);
      // u_1 = D v_1 / ‖D v_1‖, from the same draw the bidiagonalisation makes
      fillUniform(s.v, B * I, rng);
      logStart.fill(0, 0, B);
      copyNormalizedRows(s.q, block.jvp(s.v, B), B, O, logStart);
      const fp = activation ? activation.derivative : null; // (B, O) f'(z) of the probe batch's forward
      if (kernels.gramLanczos?.(out, G, fp, s.q, B, O, iterations, JACOBIAN_TOLERANCE)) {
        for (let r = 0; r < B; r++) {
          const v = Number.isFinite(logStart[r]!) ? out[r]! : 0;
          logOut[r] = v > 0 ? Math.log(v) : Number.NEGATIVE_INFINITY;
          out[r] = logOut[r] === Number.NEGATIVE_INFINITY ? 0 : v;
        }
        return;
      }
      let q = s.q;
      let prev = s.prev;
      const y = s.v;
      const x = s.x;
      for (let r = 0; r < B; r++) {
        const o0 = r * O;
        let c = 1;
        if (fp) {
          c = 0;
          for (let o = o0; o < o0 + O; o++) c = Math.max(c, Math.abs(fp[o]!));
        }
        // NOTE: f' is scaled to at most 1 per row (sigmoid's can be 1e-30), so D G D neither under- nor
        // overflows float32 where D v alone would not; ‖D_r‖ = c_r·√λ_max(D̂ G D̂)
        scale[r] = c;
        sigma[r] = 0;
        done[r] = c > 0 && Number.isFinite(logStart[r]!) ? 0 : 2;
        for (let o = o0; o < o0 + O; o++) {
          dh[o] = fp ? fp[o]! / c : 1;
          x[o] = dh[o]! * q[o]!;
          prev[o] = 0;
        }
      }
      for (let k = 0; k < iterations; k++) {
        // y = x G with x = D̂ q_k, then w = D̂ y − β_{k−1} q_{k−1} = A q_k − β_{k−1} q_{k−1} per row
        kernels.gemmNT(y, x, G, B, O, O, false);
        let converged = true;
        for (let r = 0; r < B; r++) {
          const o0 = r * O;
          if (done[r] === 2) continue;
          const b0 = k > 0 ? beta[(k - 1) * B + r]! : 0;
          let a = 0;
          for (let o = o0; o < o0 + O; o++) {
            const w = dh[o]! * y[o]! - b0 * prev[o]!;
            prev[o] = w;
            a += w * q[o]!;
          }
          let ss = 0;
          for (let o = o0; o < o0 + O; o++) {
            const w = prev[o]! - a * q[o]!;
            prev[o] = w;
            ss += w * w;
          }
          const b = Math.sqrt(ss);
          alpha[k * B + r] = a;
          beta[k * B + r] = b;
          // NOTE: a norm at rounding level of the step means the Krylov space is exhausted (k = rank D_r)
          if (!(b > 1e-6 * (Math.abs(a) + b0))) done[r] = 1;
          else {
            // q_{k+1} = w / β_k, and the next step's gemm input x = D̂ q_{k+1} in the same pass
            const inv = 1 / b;
            for (let o = o0; o < o0 + O; o++) {
              const v = prev[o]! * inv;
              prev[o] = v;
              x[o] = dh[o]! * v;
            }
          }
          const before = sigma[r]!;
          const next = Math.sqrt(Math.max(0, rowTop(rows, B, r, k, s.ritzD, s.ritzE)));
          sigma[r] = next;
          // each row stops on its own once its estimate settles (the kernel twin's rule)
          if (done[r] || (k > 0 && Math.abs(next - before) <= JACOBIAN_TOLERANCE * next)) done[r] = 2;
          else converged = false;
        }
        const t = q;
        q = prev;
        prev = t;
        if (converged) break;
      }
      for (let r = 0; r < B; r++) {
        const v = sigma[r]! * scale[r]!;
        logOut[r] = v > 0 ? Math.log(v) : Number.NEGATIVE_INFINITY;
        out[r] = logOut[r] === Number.NEGATIVE_INFINITY ? 0 : v;
      }
    },
  };
}

/** λ_max of row r's Lanczos tridiagonal after step k: α_0..α_k on the diagonal, β_0..β_{k−1} beside it. */
function rowTop(rows: BidiagonalRows, B: number, r: number, k: number, d: Float64Array, e: Float64Array) {
  for (let i = 0; i <= k; i++) {
    d[i] = rows.alpha[i * B + r]!;
    if (i < k) e[i] = rows.beta[i * B + r]!;
  }
  // rows.sigma[r] still holds step k − 1's √λ: T_k is that step's tridiagonal bordered by (β_{k−1}, α_k)
  const start = k > 0 ? borderedTop(rows.sigma[r]! ** 2, e[k - 1]!, d[k]!) : Number.POSITIVE_INFINITY;
  return tridiagonalTop(d, e, k + 1, 0, start);
}
