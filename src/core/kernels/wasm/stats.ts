// WASM twins of the instruments' buffer reductions: given the plain functions, return functions with
// the same contract that run in WASM SIMD on buffers inside the module memory and call the plain ones
// on anything else. reference: src/core/kernels/plain-stats.ts.

import { UsageError } from '../../errors.js';
import type { Vec } from '../../tensor.js';
import type { BufferStats, Moments } from '../stats-contract.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';
import { createLayerSums } from './layer-sums.js';

export type { BufferStats, Moments };

export function createBufferStats(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
): (plain: BufferStats) => BufferStats {
  const layerSums = createLayerSums(wasm, owns, arena, buffer);
  let alive = -1; // byte offset of N i32 column masks
  let aliveCapacity = 0;
  const inside = (v: ArrayLike<number>, n: number, op: string): v is Float32Array => {
    if (!owns(v as Vec)) return false;
    if (v.length < n) throw new UsageError(`wasm.${op}: buffer`, `at least ${n} elements`, v.length);
    return true;
  };

  return (plain) => ({
    ...layerSums(plain),
    moments(v, n, out) {
      if (n === 0 || !inside(v, n, 'moments')) return plain.moments(v, n, out);
      const mean = wasm.sum(v.byteOffset, n) / n;
      out.mean = mean;
      out.std = Math.sqrt(wasm.sumSquaredDeviations(v.byteOffset, n, mean) / n);
      return out;
    },
    deadFraction(z, B, N, scratch) {
      if (B === 0 || N === 0 || !inside(z, B * N, 'deadFraction'))
        return plain.deadFraction(z, B, N, scratch);
      if (N > aliveCapacity) {
        const at = arena.take(N * 4);
        if (at < 0) return plain.deadFraction(z, B, N, scratch);
        alive = at;
        aliveCapacity = N;
      }
      return wasm.deadColumns(z.byteOffset, B, N, alive) / N;
    },
    fractionBelow(d, n, limit) {
      if (n === 0 || !inside(d, n, 'fractionBelow')) return plain.fractionBelow(d, n, limit);
      return wasm.countBelow(d.byteOffset, n, limit) / n;
    },
  });
}
