// The WASM SIMD GEMMs against the plain reference (computed in float64, see gemm-error.ts), on random shapes with odd
// sizes and sizes of 1, both overwrite and accumulate, including shapes that cross every block size.

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../rng.js';
import { referenceKernels as ref } from '../reference.js';
import { gemmRelError } from './gemm-error.js';
import { createWasmKernels, type WasmKernels } from './index.js';
import type { GemmForm } from './instantiate.js';

const forms: GemmForm[] = ['gemmNT', 'gemmTN', 'gemmNN'];

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 64 * 1024 * 1024 });
});

const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 33, 64, 65];

describe('wasm GEMM matches the reference', () => {
  for (const form of forms) {
    it(`${form} on 200 random shapes (odd sizes, sizes of 1, acc true and false) to float32 rounding`, () => {
      const rng = createRng(7);
      for (let t = 0; t < 200; t++) {
        const [M, N, K] = [0, 0, 0].map(() => sizes[rng.int(sizes.length)]!) as [number, number, number];
        const acc = t % 2 === 1;
        const err = gemmRelError(wk, form, [M, N, K], acc, 1000 + t);
        expect(err, `${form} M=${M} N=${N} K=${K} acc=${acc}`).toBeLessThan(1e-5);
      }
    });

    it(`${form} crosses the MC, KC and NC cache blocks (M=70, N=530, K=300)`, () => {
      expect(gemmRelError(wk, form, [70, 530, 300], false, 1)).toBeLessThan(1e-5);
      expect(gemmRelError(wk, form, [70, 530, 300], true, 2)).toBeLessThan(1e-5);
    });

    it(`${form} with K = 0 clears C when overwriting and leaves it when accumulating`, () => {
      const c = wk.alloc('float32', 6) as Float32Array;
      c.fill(3);
      wk[form](c, wk.alloc('float32', 0), wk.alloc('float32', 0), 2, 3, 0, true);
      expect(Array.from(c)).toEqual([3, 3, 3, 3, 3, 3]);
      wk[form](c, wk.alloc('float32', 0), wk.alloc('float32', 0), 2, 3, 0, false);
      expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it(`${form} stages Float32Arrays from outside the WASM memory through a copy`, () => {
      expect(gemmRelError(wk, form, [9, 17, 5], true, 3, true)).toBeLessThan(1e-5);
      expect(gemmRelError(wk, form, [33, 8, 65], false, 4, true)).toBeLessThan(1e-5);
    });
  }

  it('the 5-row tile (M ≥ 128) matches the reference on tall shapes that cross the MC block and cut tiles', () => {
    for (const form of forms) {
      for (const [M, N, K] of [
        [128, 256, 300],
        [129, 9, 17],
        [131, 33, 5],
        [133, 530, 64],
        [257, 40, 129],
      ] as const) {
        for (const acc of [false, true]) {
          expect(gemmRelError(wk, form, [M, N, K], acc, M + N + K), `${form} ${M}×${N}×${K}`).toBeLessThan(
            1e-5,
          );
        }
      }
    }
  });

  it("the 5-row tile sums in the 4-row tile's order: a tall product is bit-identical to its row blocks", () => {
    const rng = createRng(5);
    const [M, N, K] = [203, 37, 301]; // blocks of 64 and 139 − 64 = 75 rows run on the 4-row tile
    const a = wk.alloc('float32', M * K) as Float32Array;
    const at = wk.alloc('float32', K * M) as Float32Array;
    const b = wk.alloc('float32', K * N) as Float32Array;
    const bt = wk.alloc('float32', N * K) as Float32Array;
    for (let i = 0; i < M * K; i++) a[i] = rng.normal();
    for (let i = 0; i < K * N; i++) b[i] = rng.normal();
    for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) at[k * M + i] = a[i * K + k]!;
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) bt[j * K + k] = b[k * N + j]!;
    const whole = (form: GemmForm): Float32Array => {
      const c = wk.alloc('float32', M * N) as Float32Array;
      if (form === 'gemmNN') wk.gemmNN(c, a, b, M, N, K, false);
      else if (form === 'gemmNT') wk.gemmNT(c, a, bt, M, N, K, false);
      else wk.gemmTN(c, at, b, M, N, K, false);
      return c;
    };
    const blocks = wk.alloc('float32', M * N) as Float32Array;
    for (const [r0, r1] of [
      [0, 64],
      [64, 139],
      [139, M],
    ] as const) {
      const rows = r1 - r0;
      expect(rows).toBeLessThan(128);
      wk.gemmNN(blocks.subarray(r0 * N, r1 * N), a.subarray(r0 * K, r1 * K), b, rows, N, K, false);
    }
    for (const form of forms) expect(Array.from(whole(form)), form).toEqual(Array.from(blocks));
  });

  it('works on subarray views at any float offset inside the WASM memory', () => {
    const rng = createRng(11);
    const M = 5;
    const N = 7;
    const K = 3;
    const pool = wk.alloc('float32', 1 + M * K + K * N + M * N) as Float32Array;
    for (let i = 0; i < pool.length; i++) pool[i] = rng.normal();
    const a = pool.subarray(1, 1 + M * K);
    const b = pool.subarray(1 + M * K, 1 + M * K + K * N);
    const c = pool.subarray(1 + M * K + K * N);
    const want = new Float64Array(M * N);
    ref.gemmNT(want, Float64Array.from(a), Float64Array.from(b), M, N, K, false);
    wk.gemmNT(c, a, b, M, N, K, false);
    for (let i = 0; i < M * N; i++) expect(c[i]).toBeCloseTo(want[i]!, 5);
  });

  it('falls back to the reference for float64 arrays', () => {
    const a = Float64Array.from([1, 2, 3, 4]);
    const b = Float64Array.from([5, 6, 7, 8]);
    const c = wk.alloc('float64', 4);
    expect(c).toBeInstanceOf(Float64Array);
    wk.gemmNN(c, a, b, 2, 2, 2, false);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });

  it('rejects a view too short for its shape, naming the kernel, argument and sizes', () => {
    const c = wk.alloc('float32', 5);
    const a = wk.alloc('float32', 6);
    const b = wk.alloc('float32', 6);
    expect(() => wk.gemmNT(c, a, b, 2, 3, 3, false)).toThrow(
      'wasm.gemmNT: c: expected at least 6 elements, got 5',
    );
  });
});
