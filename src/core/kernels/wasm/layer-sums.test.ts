// The WASM per-layer sums (one call per layer, and one call per model) against plain-stats.ts itself,
// and the instruments over them against the instruments over the plain loops on the same model.

import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config.js';
import { prepareData } from '../../data/prepare.js';
import { createInstruments, type LayerInstruments } from '../../diagnostics/instruments.js';
import { createRng } from '../../rng.js';
import { createTrainer } from '../../train/trainer.js';
import * as plain from '../plain-stats.js';
import { type BufferStats, createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
let fast: BufferStats;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 16 * 1024 * 1024 });
  fast = wk.bufferStats(plain.plainBufferStats);
});

function randomBuffer(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  const v = wk.alloc('float32', n) as Float32Array;
  for (let i = 0; i < n; i++) v[i] = scale * rng.normal();
  return v;
}

/** |got − want| ≤ 1e-12·|want| (float64 rounding of a sum of ≤ 10⁴ terms) */
function close(got: number, want: number): void {
  if (Number.isNaN(want)) expect(got).toBeNaN();
  else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
}

const sizes = [1, 2, 3, 4, 5, 7, 8, 17, 64, 255, 1001];
const shapes: [number, number][] = [
  [1, 1],
  [1, 5],
  [3, 1],
  [7, 4],
  [10, 8],
  [13, 33],
];
const denseOut = (): plain.DenseSums => ({ weight: 0, update: 0, grad: 0, bias: 0, signal: 0 });
const actOut = (): plain.ActivationSums => ({
  zMean: 0,
  zStd: 0,
  aMean: 0,
  aStd: 0,
  meanDerivative: 0,
  fraction: 0,
});

describe('wasm layer sums match plain-stats.ts', () => {
  for (const n of sizes) {
    it(`copySquares of ${n} floats copies exactly and sums the squares to 1e-12`, () => {
      const src = randomBuffer(n, n);
      const dst = fast.snapshotBuffer(src);
      const ref = new Float64Array(n);
      close(fast.copySquares(dst, src, n), plain.copySquares(ref, src, n));
      expect(Array.from(dst)).toEqual(Array.from(ref));
    });

    it(`denseSums with ${n} weights, with and without a snapshot or dz, agree to 1e-12`, () => {
      const w = randomBuffer(n, 3 * n);
      const before = randomBuffer(n, 3 * n + 1);
      const dW = randomBuffer(n, 3 * n + 2, 1e-20); // vanishing: squares below float32's range
      const db = randomBuffer((n % 9) + 1, n);
      const dz = randomBuffer(2 * n + 1, n + 5);
      for (const [b, z] of [
        [before, dz],
        [null, dz],
        [before, null],
      ] as const) {
        const want = plain.denseSums(w, b, dW, db, z, 2 * n, denseOut());
        const got = fast.denseSums(w, b, dW, db, z, 2 * n, denseOut());
        for (const k of ['weight', 'update', 'grad', 'bias', 'signal'] as const) close(got[k], want[k]);
      }
    });
  }

  for (const [B, N] of shapes) {
    it(`activationSums of a [${B}, ${N}] layer: moments to 1e-12, dead and saturated fractions exact`, () => {
      const z = randomBuffer(B * N, B + N, 2);
      for (let i = 0; i < B * N; i += 3) z[i] = -Math.abs(z[i]!); // some dead columns
      const a = randomBuffer(B * N, B * N + 1);
      const d = randomBuffer(B * N, B * N + 2);
      for (const kind of ['dead', 'saturated', 'none'] as const) {
        const want = plain.activationSums(z, a, d, B, N, kind, 0.05, new Uint8Array(N), actOut());
        const got = fast.activationSums(z, a, d, B, N, kind, 0.05, new Uint8Array(N), actOut());
        for (const k of ['zMean', 'zStd', 'aMean', 'aStd', 'meanDerivative'] as const) close(got[k], want[k]);
        expect(got.fraction).toBe(want.fraction);
      }
    });
  }

  it('layerMeter snapshots every layer in one call, as copySquares per layer', () => {
    const meter = fast.layerMeter!(3, 4)!;
    const ws = [5, 1, 64].map((n, l) => randomBuffer(n, 40 + l));
    const befores = ws.map((w) => fast.snapshotBuffer(w));
    ws.forEach((w, l) => {
      expect(meter.layer(l, w, befores[l]!, w, w, null, 0, 'none', 0)).toBe(true);
    });
    meter.snapshot();
    ws.forEach((w, l) => {
      close(meter.squares[l]!, plain.copySquares(new Float64Array(w.length), w, w.length));
      expect(Array.from(befores[l]!)).toEqual(Array.from(w));
    });
  });

  it('returns the plain results for arrays outside the WASM memory, and the meter declines them', () => {
    const js = Float64Array.from([1, -2, 3, 0.5]);
    const want = plain.denseSums(js, js, js, js, js, 4, denseOut());
    expect(fast.denseSums(js, js, js, js, js, 4, denseOut())).toEqual(want);
    expect(fast.snapshotBuffer(js)).toBeInstanceOf(Float64Array);
    expect(fast.layerMeter!(1, 4)!.layer(0, js, js, js, js, null, 0, 'none', 0)).toBe(false);
  });
});

describe('instruments over the WASM sums', () => {
  const runs = [
    { name: 'a tanh MLP', input: { data: 'spiral', hidden: '16,9', activation: 'tanh' } },
    {
      name: 'a ReLU MLP with batch 1',
      input: { data: 'circle', hidden: '8,8', activation: 'relu', batchSize: 1 },
    },
    {
      name: 'a ReLU MLP whose epochs end in a short batch',
      input: { data: 'circle', samples: 50, hidden: '8,5', activation: 'relu', batchSize: 16 },
    },
  ] as const;
  for (const { name, input } of runs) {
    it(`report what the plain loops report on ${name}, to 1e-12 (fractions exact)`, () => {
      const config = resolveConfig({ ...input, steps: 30, dtype: 'float32', seed: 3 });
      const trainer = createTrainer(config, prepareData(config), { kernels: wk });
      const wasmInst = createInstruments(trainer.model, { stats: fast });
      const plainInst = createInstruments(trainer.model);
      const batches = new Set<number>(); // the short batch re-records the step's sizes
      for (let s = 0; s < 30; s++) {
        if (s % 2 === 0) {
          wasmInst.rememberWeights();
          plainInst.rememberWeights();
        }
        const r = trainer.step();
        batches.add(r.batchSize);
        wasmInst.measure(r.batchSize);
        plainInst.measure(r.batchSize);
        const got = wasmInst.read();
        const want = plainInst.read();
        want.forEach((layer, l) => {
          for (const key of Object.keys(layer) as (keyof LayerInstruments)[]) {
            const [g, w] = [got[l]![key], layer[key]];
            if (w === null || key === 'deadFraction' || key === 'saturatedFraction') expect(g).toBe(w);
            else close(g as number, w);
          }
        });
      }
      if ('samples' in input) expect(batches.size).toBe(2);
    });
  }
});
