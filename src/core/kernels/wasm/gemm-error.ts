// The yardstick the GEMM tests share: run one product on random normal data through some kernels and
// measure it against the reference computed in float64.

import { createRng } from '../../rng.js';
import { referenceKernels as ref } from '../reference.js';
import type { Kernels } from '../types.js';
import type { GemmForm } from './instantiate.js';

/**
 * Max over C of |got − exact| / (Σ_k |a_ik b_kj| + |c_ij|): the float32 rounding relative to the
 * magnitude of the terms. Operands come from kernels.alloc, or plain Float32Arrays when `foreign`.
 */
export function gemmRelError(
  kernels: Kernels,
  form: GemmForm,
  [M, N, K]: readonly [number, number, number],
  acc: boolean,
  seed: number,
  foreign = false,
): number {
  const rng = createRng(seed);
  const make = (n: number): Float32Array => {
    const v = foreign ? new Float32Array(n) : (kernels.alloc('float32', n) as Float32Array);
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    return v;
  };
  const a = make(M * K);
  const b = make(K * N);
  const c = make(M * N);
  const exact = Float64Array.from(c);
  ref[form](exact, Float64Array.from(a), Float64Array.from(b), M, N, K, acc);
  const scale = Float64Array.from(c, Math.abs);
  ref[form](scale, Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs), M, N, K, acc);
  kernels[form](c, a, b, M, N, K, acc);
  let worst = 0;
  for (let i = 0; i < M * N; i++) worst = Math.max(worst, Math.abs(c[i]! - exact[i]!) / (scale[i]! + 1e-30));
  return worst;
}
