// The kernel contract. Layers call only these functions for their heavy loops, so a faster
// implementation (WASM SIMD, threads) can replace the reference one without touching a layer.
// All matrices are row-major. `acc` = accumulate into C (C += ...) instead of overwriting it.
// M, N, K follow BLAS: C is [M, N], the contracted dimension is K.

import type { Activation } from '../activations.js';
import type { ShuffleKernel } from '../rng.js';
import type { DType, Vec } from '../tensor.js';
import type { FusedKernels } from './fused.js';
import type { BufferStats } from './stats-contract.js';
import type { UpdateKernels } from './update.js';

/** Mean loss over the first B rows of logits (B, O), writing ∂mean/∂logits when dLogits is given. */
export type LossForwardBackward = (
  logits: Vec,
  targets: ArrayLike<number>,
  B: number,
  O: number,
  dLogits: Vec | null,
) => number;

export interface Kernels {
  readonly name: string;
  /** Allocate a buffer the kernels can work on without copying (e.g. inside WASM memory). */
  alloc(dtype: DType, n: number): Vec;
  /** C[M,N] (+)= A[M,K] · B[N,K]ᵀ   (Dense forward: z = x Wᵀ) */
  gemmNT(c: Vec, a: Vec, b: Vec, M: number, N: number, K: number, acc: boolean): void;
  /** C[M,N] (+)= A[K,M]ᵀ · B[K,N]   (Dense backward: dW += dzᵀ x) */
  gemmTN(c: Vec, a: Vec, b: Vec, M: number, N: number, K: number, acc: boolean): void;
  /** C[M,N] (+)= A[M,K] · B[K,N]    (Dense backward: dx = dz W) */
  gemmNN(c: Vec, a: Vec, b: Vec, M: number, N: number, K: number, acc: boolean): void;
  /** out[M,N] += bias[N] broadcast over rows. */
  addRowVector(out: Vec, bias: Vec, M: number, N: number): void;
  /** out[N] (+)= Σ_rows a[M,N]. */
  sumRows(out: Vec, a: Vec, M: number, N: number, acc: boolean): void;
  /** Optional: dst[r·D + d] = src[idx[r]·D + d] for r < b, d < D (a batch's rows; absent: a plain loop). */
  gatherRows?(dst: Vec, src: Float64Array, idx: ArrayLike<number>, b: number, D: number): void;
  /** Optional: the epoch shuffle of the batch sampler, a twin of rng.ts's shuffleByWords (absent: rng.shuffle). */
  readonly shuffleIndices?: ShuffleKernel;
  /**
   * Optional: a faster twin of the loss `name`'s forwardBackward (src/core/losses.ts), the same value to
   * the last bits of exp/log; `plain` is that loss's own, for the buffers the twin cannot read.
   */
  lossTwin?(name: string, plain: LossForwardBackward): LossForwardBackward;
  /**
   * Optional: the Jacobian probe's Gram-path Lanczos for B rows in one call, a twin of block-gram.ts's
   * loop: out[r] = c_r·√λ_max(D̂_r G D̂_r) from the unit rows of q (fp null: D̂ = I). False when a buffer
   * is not the kernels' own (then the caller runs the loop).
   */
  gramLanczos?(
    out: Float64Array,
    G: Vec,
    fp: Vec | null,
    q: Vec,
    B: number,
    O: number,
    iterations: number,
    tolerance: number,
  ): boolean;
  /** Optional: a faster twin of `fn`, equal to float32 rounding (undefined: keep `fn`). */
  activation?(fn: Activation): Activation | undefined;
  /** Optional: out[i] = a[i]·b[i] for i < n (the activation backward, da ⊙ f'(z)). */
  mul?(out: Vec, a: Vec, b: Vec, n: number): void;
  /** Optional: Σ v[i]² over [offset, offset + length) in float64 (the clip norm); absent: the plain loop. */
  sumSquares?(v: Vec, offset?: number, length?: number): number;
  /** Optional: the optimizers' update loops (absent: the plain reference loops of update.ts). */
  readonly update?: UpdateKernels;
  /** Optional: a Dense MLP's whole training step in one call, bit-identical to the layers' (fused.ts). */
  readonly fused?: FusedKernels;
  /** The instruments' reductions on this kernel set's buffers: plain loops, or their WASM twins. */
  readonly stats: BufferStats;
}
