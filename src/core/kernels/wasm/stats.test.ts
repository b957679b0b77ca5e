// The WASM twins of the instruments' buffer reductions against plain-stats.ts itself.

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../rng.js';
import * as plain from '../plain-stats.js';
import { type BufferStats, createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
let fast: BufferStats;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 8 * 1024 * 1024 });
  fast = wk.bufferStats(plain.plainBufferStats);
});

function buffer(values: ArrayLike<number>): Float32Array {
  const v = wk.alloc('float32', values.length) as Float32Array;
  v.set(values);
  return v;
}

function randomBuffer(n: number, seed: number, shift = 0): Float32Array {
  const rng = createRng(seed);
  return buffer(Float32Array.from({ length: n }, () => shift + rng.normal()));
}

const shapes: [number, number][] = [
  [1, 1],
  [1, 5],
  [3, 1],
  [7, 4],
  [64, 32],
  [13, 33],
];

describe('wasm buffer statistics match plain-stats.ts', () => {
  for (const [B, N] of shapes) {
    it(`moments of a [${B}, ${N}] buffer, also with |mean| ≫ std, agree to 1e-12`, () => {
      for (const shift of [0, 1e4]) {
        const v = randomBuffer(B * N, B + N, shift);
        const want = plain.moments(v, B * N, { mean: 0, std: 0 });
        const got = fast.moments(v, B * N, { mean: 0, std: 0 });
        expect(Math.abs(got.mean - want.mean)).toBeLessThanOrEqual(1e-12 * Math.abs(want.mean) + 1e-15);
        expect(Math.abs(got.std - want.std)).toBeLessThanOrEqual(1e-9 * want.std + 1e-15);
      }
    });

    it(`deadFraction of a [${B}, ${N}] ReLU input with dead, NaN and barely alive columns is exact`, () => {
      const rng = createRng(B * N);
      const z = buffer(
        Float32Array.from({ length: B * N }, (_, i) => {
          const j = i % N;
          if (j % 3 === 0) return -Math.abs(rng.normal()); // dead: never > 0
          if (j % 5 === 1) return Number.NaN; // NaN > 0 is false: dead too
          return rng.normal();
        }),
      );
      if (N > 2) z[(B - 1) * N + 2] = 1e-30; // one positive entry keeps column 2 alive
      const alive = new Uint8Array(N);
      expect(fast.deadFraction(z, B, N, alive)).toBe(plain.deadFraction(z, B, N, alive));
    });
  }

  it('fractionBelow compares in float64, so a float32 equal to fround(limit) > limit is not below', () => {
    const limit = 0.05; // fround(0.05) is slightly above 0.05
    const d = buffer([Math.fround(0.05), 0.0499999, 0.06, 0, Number.NaN, -1, 0.05000001]);
    expect(fast.fractionBelow(d, d.length, limit)).toBe(plain.fractionBelow(d, d.length, limit));
    const big = randomBuffer(1001, 9);
    expect(fast.fractionBelow(big, 1001, 0.3)).toBe(plain.fractionBelow(big, 1001, 0.3));
  });

  it('fractionBelow is exact for limits that are no float32 (negative, subnormal, beyond float32, NaN)', () => {
    const limits = [0.05, -0.3, 1e-40, -1e-40, 0, 1e39, -1e39, Number.NaN, 2 ** -149 / 2];
    const values = limits.flatMap((l) => [Math.fround(l), l, -l, 0, -0]).concat([Infinity, -Infinity, 1e-45]);
    const d = buffer(values);
    for (const limit of limits)
      expect(fast.fractionBelow(d, d.length, limit)).toBe(plain.fractionBelow(d, d.length, limit));
  });

  it('returns the plain results for empty buffers and arrays outside the WASM memory', () => {
    const js = Float64Array.from([1, 2, 3, -4]);
    expect(fast.moments(js, 4, { mean: 0, std: 0 })).toEqual(plain.moments(js, 4, { mean: 0, std: 0 }));
    expect(fast.deadFraction(js, 2, 2, new Uint8Array(2))).toBe(0);
    expect(Number.isNaN(fast.moments(wk.alloc('float32', 0), 0, { mean: 0, std: 0 }).mean)).toBe(true);
  });
});
