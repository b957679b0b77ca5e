// The WASM SIMD bias kernels against the plain reference, on odd widths and sizes of 1.

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../rng.js';
import { referenceKernels as ref } from '../reference.js';
import { createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 8 * 1024 * 1024 });
});

function random(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const v = wk.alloc('float32', n) as Float32Array;
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return v;
}

const shapes: [number, number][] = [
  [1, 1],
  [1, 7],
  [3, 1],
  [5, 4],
  [9, 13],
  [128, 10],
  [64, 33],
];

describe('wasm row kernels match the reference', () => {
  for (const [M, N] of shapes) {
    it(`addRowVector adds the bias to every row of a [${M}, ${N}] matrix exactly`, () => {
      const out = random(M * N, 1);
      const bias = random(N, 2);
      const want = Float32Array.from(out);
      ref.addRowVector(want, bias, M, N);
      wk.addRowVector(out, bias, M, N);
      expect(Array.from(out)).toEqual(Array.from(want));
    });

    for (const acc of [false, true]) {
      it(`sumRows sums the rows of a [${M}, ${N}] matrix in order, acc=${acc}, exactly`, () => {
        const a = random(M * N, 3);
        const out = random(N, 4);
        const want = Float32Array.from(out);
        ref.sumRows(want, a, M, N, acc);
        wk.sumRows(out, a, M, N, acc);
        expect(Array.from(out)).toEqual(Array.from(want));
      });
    }
  }

  it('falls back to the reference for arrays outside the WASM memory', () => {
    const out = Float64Array.from([1, 2, 3, 4]);
    wk.addRowVector(out, Float64Array.from([10, 20]), 2, 2);
    expect(Array.from(out)).toEqual([11, 22, 13, 24]);
    const sums = new Float32Array(2);
    wk.sumRows(sums, Float32Array.from([1, 2, 3, 4]), 2, 2, false);
    expect(Array.from(sums)).toEqual([4, 6]);
  });
});
