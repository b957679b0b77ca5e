// The WASM batch gather against its plain twin (reference.ts: gatherRows): the same float32 values bit for
// bit, on odd widths, repeated indices and a batch of one; a bad index is refused, never read.

import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { createRng } from '../../rng.js';
import { gatherRows } from '../reference.js';
import { createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 16 * 1024 * 1024 });
});

describe('wasm gatherRows', () => {
  it.each([
    [1, 1],
    [3, 5],
    [7, 10],
    [784, 17],
  ])(
    'gathers b rows of width D = %s from a float64 data set, rounded as the plain loop rounds (b = %s)',
    (D, b) => {
      const rng = createRng(D + b);
      const n = 40;
      const src = Float64Array.from({ length: n * D }, () => rng.normal() * 10 ** (4 * rng.next() - 2));
      const idx = Uint32Array.from({ length: b }, (_, r) => (r === 1 ? 0 : rng.int(n)));
      const got = wk.alloc('float32', b * D) as Float32Array;
      const want = new Float32Array(b * D);
      wk.gatherRows(got, src, idx, b, D);
      gatherRows(want, src, idx, b, D);
      expect(wk.owns(got)).toBe(true);
      expect(got).toEqual(want);
      // the second batch reuses the data set's copy
      idx.reverse();
      wk.gatherRows(got, src, idx, b, D);
      gatherRows(want, src, idx, b, D);
      expect(got).toEqual(want);
    },
  );

  it('a destination outside the memory takes the plain loop with the same result', () => {
    const src = Float64Array.from({ length: 12 }, (_, i) => i / 3);
    const got = new Float32Array(6);
    wk.gatherRows(got, src, [3, 0], 2, 3);
    expect(Array.from(got)).toEqual([3, 10 / 3, 11 / 3, 0, 1 / 3, 2 / 3].map(Math.fround));
  });

  it('refuses an index past the data set (the kernel would read past its copy)', () => {
    const src = new Float64Array(12);
    const dst = wk.alloc('float32', 6);
    expect(() => wk.gatherRows(dst, src, [1, 4], 2, 3)).toThrow(UsageError);
  });
});
