// The WASM epoch shuffle against its specification (rng.ts: shuffleByWords and rng.shuffle): the same
// permutation and the same stream afterwards, bit for bit, over sizes that exercise the rejection step.

import { describe, expect, it } from 'vitest';
import { createRng, shuffleByWords } from '../../rng.js';
import { createWasmKernels } from './index.js';

const iota = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

describe('wasm shuffleIndices', () => {
  it('makes the same permutation and leaves the stream where rng.shuffle does', async () => {
    const wk = await createWasmKernels({ memoryBytes: 4 << 20 });
    for (const n of [0, 1, 2, 3, 10, 1000, 4097, 20000]) {
      for (const seed of [1, 7, 2 ** 40 + 3]) {
        const plain = createRng(seed).fork('shuffle');
        const twin = createRng(seed).fork('shuffle');
        for (let epoch = 0; epoch < 3; epoch++) {
          const want = plain.shuffle(iota(n));
          const got = twin.shuffleIndices(iota(n), wk.shuffleIndices);
          expect(got).toEqual(want);
        }
        // the streams continue alike: the twin consumed exactly the draws the plain loop did
        expect([twin.uint32(), twin.uint32()]).toEqual([plain.uint32(), plain.uint32()]);
      }
    }
  });

  it('is a permutation and advances the words as the specification does', async () => {
    const wk = await createWasmKernels({ memoryBytes: 4 << 20 });
    const a = new Uint32Array([0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x12345678]);
    const b = a.slice();
    const got = iota(777);
    wk.shuffleIndices(got, a);
    const want = shuffleByWords(iota(777), b);
    expect(got).toEqual(want);
    expect(a).toEqual(b);
    expect([...got].sort((x, y) => x - y)).toEqual([...iota(777)]);
    expect(got).not.toEqual(iota(777));
  });

  it('falls back to the plain loop when the order does not fit the memory', async () => {
    const wk = await createWasmKernels({ memoryBytes: 1 << 20 });
    const n = 300_000; // 1.2 MB: more than the whole arena
    const s1 = new Uint32Array([1, 2, 3, 4]);
    const s2 = s1.slice();
    const got = iota(n);
    const used = wk.bytesUsed();
    wk.shuffleIndices(got, s1);
    expect(wk.bytesUsed()).toBe(used); // nothing was staged in the memory
    expect(got).toEqual(shuffleByWords(iota(n), s2));
    expect(s1).toEqual(s2);
    wk.shuffleIndices(iota(100), s1); // a small order is staged
    expect(wk.bytesUsed()).toBeGreaterThan(used);
  });
});
