// Two-thread GEMM (a worker_threads worker on a shared WASM memory) against the reference, with the
// split forced on every shape so odd halves and sizes of 1 are exercised.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeWorker } from '../../../node/wasm-threads.js';
import { createRng } from '../../rng.js';
import { gemmRelError } from './gemm-error.js';
import { createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 32 << 20, threads: { spawn: spawnNodeWorker, minFlops: 0 } });
});
afterAll(() => wk.close());

describe('wasm GEMM on two threads', () => {
  it('runs with a shared memory and reports two threads', () => {
    expect(wk.threads).toBe(2);
    expect(wk.name).toBe('wasm-simd-2t');
    expect(wk.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  for (const form of ['gemmNT', 'gemmTN', 'gemmNN'] as const) {
    it(`${form} split across threads matches the reference on odd shapes, sizes of 1 and both acc modes`, () => {
      const sizes = [1, 2, 3, 5, 8, 9, 17, 33, 70];
      const rng = createRng(3);
      for (let t = 0; t < 60; t++) {
        const [M, N, K] = [0, 0, 0].map(() => sizes[rng.int(sizes.length)]!) as [number, number, number];
        const acc = t % 2 === 0;
        expect(gemmRelError(wk, form, [M, N, K], acc, t), `${form} ${M}×${N}×${K} acc=${acc}`).toBeLessThan(
          1e-5,
        );
      }
      expect(gemmRelError(wk, form, [130, 530, 300], true, 99)).toBeLessThan(1e-5);
    });
  }

  it('keeps working on one thread after close()', async () => {
    const k = await createWasmKernels({
      memoryBytes: 8 << 20,
      threads: { spawn: spawnNodeWorker, minFlops: 0 },
    });
    k.close();
    expect(k.threads).toBe(1);
    const a = k.alloc('float32', 4);
    const b = k.alloc('float32', 4);
    const c = k.alloc('float32', 4);
    a.set([1, 2, 3, 4]);
    b.set([5, 6, 7, 8]);
    k.gemmNN(c, a, b, 2, 2, 2, false);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });
});
