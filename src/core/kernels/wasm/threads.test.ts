// Two-thread GEMM (a worker_threads worker on a shared WASM memory): with the split forced on every shape,
// against the reference and bit for bit against one thread on odd shapes; the split threshold; and a short
// W2-shaped training run, fused and on the layers, that must give one thread's numbers exactly.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeWorker } from '../../../node/wasm-threads.js';
import { resolveConfig } from '../../config.js';
import type { Dataset } from '../../dataset.js';
import { createRng } from '../../rng.js';
import type { Vec } from '../../tensor.js';
import { createTrainer } from '../../train/trainer.js';
import { gemmRelError } from './gemm-error.js';
import { createWasmKernels, type WasmKernels } from './index.js';
import type { GemmForm } from './instantiate.js';

let wk: WasmKernels; // every product split (minFlops 0)
let one: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 32 << 20, threads: { spawn: spawnNodeWorker, minFlops: 0 } });
  one = await createWasmKernels({ memoryBytes: 32 << 20 });
});
afterAll(() => wk.close());

const bits = (v: Vec): number[] => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

/** C of one product on kernels k, from operands drawn with `seed` (C starts random too, for acc). */
function product(
  k: WasmKernels,
  form: GemmForm,
  M: number,
  N: number,
  K: number,
  acc: boolean,
  seed: number,
) {
  const rng = createRng(seed);
  const fill = (n: number): Vec => {
    const v = k.alloc('float32', n);
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    return v;
  };
  const [a, b, c] = [fill(M * K), fill(K * N), fill(M * N)];
  k[form](c, a, b, M, N, K, acc);
  return c;
}

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

    it(`${form} split across threads is bit-identical to one thread where M and N are not multiples of the tiles`, () => {
      // row splits (M > N) and column splits (N ≥ M), 4×8 and 5×8 tiles (M ≥ 128), K past one KC slice
      const shapes: [number, number, number][] = [
        [37, 29, 41],
        [29, 37, 300],
        [131, 21, 17],
        [130, 530, 300],
        [257, 9, 513],
        [3, 1001, 7],
      ];
      for (const [i, [M, N, K]] of shapes.entries()) {
        for (const acc of [false, true]) {
          const before = wk.handOffs();
          const split = product(wk, form, M, N, K, acc, i);
          expect(wk.handOffs(), `${M}×${N}×${K} was split`).toBe(before + 1);
          expect(bits(split), `${form} ${M}×${N}×${K} acc=${acc}`).toEqual(
            bits(product(one, form, M, N, K, acc, i)),
          );
        }
      }
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
    expect(k.handOffs()).toBe(0);
  });
});

describe('the split threshold (default 2²⁵ flops)', () => {
  let k: WasmKernels;
  beforeAll(async () => {
    k = await createWasmKernels({ memoryBytes: 16 << 20, threads: { spawn: spawnNodeWorker } });
  });
  afterAll(() => k.close());

  it("keeps a W3-sized 64×32×32 product, W2's 256×256 and 10-wide layers on one thread, and splits its 784-wide one", () => {
    const handedOff = (M: number, N: number, K: number): number => {
      const before = k.handOffs();
      product(k, 'gemmNT', M, N, K, false, 1);
      return k.handOffs() - before;
    };
    expect(handedOff(64, 32, 32)).toBe(0); // 131 kFLOP
    expect(handedOff(128, 10, 256)).toBe(0); // 655 kFLOP
    expect(handedOff(128, 256, 256)).toBe(0); // 16.8 MFLOP: W2's second hidden layer
    expect(handedOff(128, 256, 511)).toBe(0); // 2·128·256·511 = 33,488,896, just below 2²⁵
    expect(handedOff(128, 256, 512)).toBe(1); // exactly 2²⁵
    expect(handedOff(128, 256, 784)).toBe(1); // 51 MFLOP
  });
});

/** A W2-shaped task: 784 inputs, 10 classes, seeded noise (the numbers, not the accuracy, matter here). */
function w2Data(n: number): Dataset {
  const rng = createRng(7);
  const x = Float64Array.from({ length: n * 784 }, () => rng.next());
  const y = Float64Array.from({ length: n }, () => rng.int(10));
  return { name: 'w2-shaped', x, y, n, inputDim: 784, targetDim: 1, task: 'multiclass', numClasses: 10 };
}

describe('a W2-shaped run (784-256-256-10 ReLU, batch 128) on two threads', () => {
  // 300 rows: batches of 128, 128, then 44 (a short one, which takes a layer step)
  const data = { train: w2Data(300), val: null };
  const cases = [
    ['sgd', { optimizer: 'sgd' }],
    ['adam with --clip-norm 1 and --l2', { optimizer: 'adam', lr: 0.001, clipNorm: 1, l2: 1e-4 }],
  ] as const;

  for (const [name, settings] of cases) {
    for (const fused of [true, false]) {
      it(`${name}, ${fused ? 'fused' : 'layers'} step: the same parameters and losses, bit for bit, as one thread`, async () => {
        const config = resolveConfig({
          hidden: '256,256',
          activation: 'relu',
          init: 'he-normal',
          loss: 'ce',
          batchSize: 128,
          steps: 5,
          dtype: 'float32',
          seed: 3,
          ...settings,
        });
        const run = async (threads: boolean) => {
          const kernels = await createWasmKernels({
            memoryBytes: 64 << 20,
            ...(threads ? { threads: { spawn: spawnNodeWorker } } : {}),
          });
          const t = createTrainer(config, data, { kernels, fused });
          const losses = Array.from({ length: 5 }, () => t.step().loss);
          const out = {
            losses,
            params: bits(t.model.params),
            path: t.stepPath,
            handOffs: kernels.handOffs(),
          };
          kernels.close();
          return out;
        };
        const [a, b] = [await run(false), await run(true)];
        expect(b.path).toBe(fused ? 'fused' : 'fused steps are off');
        expect(a.path).toBe(b.path);
        // batches of 128 split the two 784-wide products (51 MFLOP: the first layer's forward and dW); its
        // 256×256 products (16.8 MFLOP) stay on one thread, and so does all of the batch of 44 (17.6 MFLOP)
        expect(b.handOffs).toBe(2 + 2 + 0 + 2 + 2);
        expect(a.handOffs).toBe(0);
        expect(b.losses).toEqual(a.losses);
        expect(b.params).toEqual(a.params);
      });
    }
  }
});
