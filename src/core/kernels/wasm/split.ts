// How a GEMM runs once its operands are in WASM memory: on this thread, or split in two halves along the
// longer side of C with the worker taking one. Each half is the same product on a block, expressed in
// the module's strided `gemm` (C row stride, op(A) and op(B) strides).

import type { KernelExports } from './instantiate.js';
import type { GemmPool } from './threads.js';

export type GemmForm = 'gemmNT' | 'gemmTN' | 'gemmNN';

/** Run the form at byte offsets pc, pa, pb; acc is 0 or 1. */
export type GemmRun = (
  form: GemmForm,
  pc: number,
  pa: number,
  pb: number,
  M: number,
  N: number,
  K: number,
  acc: number,
) => void;

/**
 * Products of at least `minFlops` (2·M·N·K) go to the pool. Halves are cut at a multiple of the
 * micro-tile (8 columns or 4 rows) so neither thread gets a ragged edge it need not have.
 * NOTE: nothing here allocates (no argument arrays, no closures): it runs inside every training step.
 */
export function createGemmRun(wasm: KernelExports, pool: GemmPool | null, minFlops: number): GemmRun {
  return (form, pc, pa, pb, M, N, K, acc) => {
    if (!pool || pool.closed || 2 * M * N * K < minFlops) {
      // NOTE: one call site per form, not wasm[form](…): a keyed load and a call target that V8 can
      // keep monomorphic (this runs several times per training step)
      if (form === 'gemmNT') wasm.gemmNT(pc, pa, pb, M, N, K, acc);
      else if (form === 'gemmTN') wasm.gemmTN(pc, pa, pb, M, N, K, acc);
      else wasm.gemmNN(pc, pa, pb, M, N, K, acc);
      return;
    }
    // op(A)(i,k) = A[i*rsA + k*csA], op(B)(k,j) = B[k*rsB + j*csB]
    const rsA = form === 'gemmTN' ? 1 : K;
    const csA = form === 'gemmTN' ? M : 1;
    const rsB = form === 'gemmNT' ? 1 : N;
    const csB = form === 'gemmNT' ? K : 1;
    const N1 = Math.ceil(N / 16) * 8;
    const M1 = Math.ceil(M / 8) * 4;
    if (N >= M && N1 < N) {
      pool.start(pc + N1 * 4, N, pa, rsA, csA, pb + N1 * csB * 4, rsB, csB, M, N - N1, K, acc);
      wasm.gemm(pc, N, pa, rsA, csA, pb, rsB, csB, M, N1, K, acc);
      pool.finish();
    } else if (M1 < M) {
      pool.start(pc + M1 * N * 4, N, pa + M1 * rsA * 4, rsA, csA, pb, rsB, csB, M - M1, N, K, acc);
      wasm.gemm(pc, N, pa, rsA, csA, pb, rsB, csB, M1, N, K, acc);
      pool.finish();
    } else {
      wasm[form](pc, pa, pb, M, N, K, acc); // too small to cut at a tile boundary
    }
  };
}
