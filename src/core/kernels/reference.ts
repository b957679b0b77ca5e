// Plain TypeScript kernels: the reference every faster kernel must match (see kernels.test.ts).
// NOTE: loops are ordered so the innermost index walks contiguous memory.

import { allocVec, type DType, type Vec } from '../tensor.js';
import { plainBufferStats } from './plain-stats.js';
import type { Kernels } from './types.js';
import { referenceUpdate } from './update.js';

export function gemmNT(c: Vec, a: Vec, b: Vec, M: number, N: number, K: number, acc: boolean): void {
  for (let i = 0; i < M; i++) {
    const ai = i * K;
    for (let j = 0; j < N; j++) {
      const bj = j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += a[ai + k]! * b[bj + k]!;
      c[i * N + j] = acc ? c[i * N + j]! + s : s;
    }
  }
}

export function gemmTN(c: Vec, a: Vec, b: Vec, M: number, N: number, K: number, acc: boolean): void {
  if (!acc) c.fill(0, 0, M * N);
  for (let k = 0; k < K; k++) {
    const ak = k * M;
    const bk = k * N;
    for (let i = 0; i < M; i++) {
      const aki = a[ak + i]!;
      const ci = i * N;
      for (let j = 0; j < N; j++) c[ci + j] += aki * b[bk + j]!;
    }
  }
}

export function gemmNN(c: Vec, a: Vec, b: Vec, M: number, N: number, K: number, acc: boolean): void {
  if (!acc) c.fill(0, 0, M * N);
  for (let i = 0; i < M; i++) {
    const ai = i * K;
    const ci = i * N;
    for (let k = 0; k < K; k++) {
      const aik = a[ai + k]!;
      const bk = k * N;
      for (let j = 0; j < N; j++) c[ci + j] += aik * b[bk + j]!;
    }
  }
}

export function addRowVector(out: Vec, bias: Vec, M: number, N: number): void {
  for (let i = 0; i < M; i++) {
    const o = i * N;
    for (let j = 0; j < N; j++) out[o + j] += bias[j]!;
  }
}

export function sumRows(out: Vec, a: Vec, M: number, N: number, acc: boolean): void {
  if (!acc) out.fill(0, 0, N);
  for (let i = 0; i < M; i++) {
    const o = i * N;
    for (let j = 0; j < N; j++) out[j] += a[o + j]!;
  }
}

/** dst[r·D + d] = src[idx[r]·D + d] for r < b, d < D: a batch's rows, rounded to dst's dtype. */
export function gatherRows(dst: Vec, src: Float64Array, idx: ArrayLike<number>, b: number, D: number): void {
  for (let r = 0; r < b; r++) {
    const from = idx[r]! * D;
    for (let d = 0; d < D; d++) dst[r * D + d] = src[from + d]!;
  }
}

export const referenceKernels: Kernels = {
  name: 'reference',
  alloc: (dtype: DType, n: number) => allocVec(dtype, n),
  gemmNT,
  gemmTN,
  gemmNN,
  addRowVector,
  sumRows,
  gatherRows,
  update: referenceUpdate,
  stats: plainBufferStats,
};
