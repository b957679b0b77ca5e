// The WASM Gram-path Lanczos (assembly/lanczos.ts) against its plain twin, block-gram.ts's loop: the same
// per-example ‖diag(f′(z_r))·W‖₂ from the same start vectors, to float32 rounding, on odd widths (the
// float64x2 loops' tail), dead ReLU rows and tiny sigmoid slopes, and both against the dense matrix.

import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config.js';
import type { Dataset } from '../../dataset.js';
import { createGramNorms, type GramScratch } from '../../diagnostics/block-gram.js';
import { createBidiagonalRows } from '../../diagnostics/lanczos.js';
import { gramTopEigenvalue } from '../../diagnostics/power.js';
import { JACOBIAN_TOLERANCE } from '../../diagnostics/thresholds.js';
import { createRng } from '../../rng.js';
import { createTrainer } from '../../train/trainer.js';
import type { Kernels } from '../types.js';
import { createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 32 * 1024 * 1024 });
});

/** ‖M‖₂ of the dense O×I float64 matrix M: √λ_max(M Mᵀ). */
function denseNorm(M: Float64Array, O: number, I: number): number {
  const G = new Float64Array(O * O);
  for (let a = 0; a < O; a++)
    for (let b = 0; b < O; b++) for (let i = 0; i < I; i++) G[a * O + b] += M[a * I + i]! * M[b * I + i]!;
  return Math.sqrt(gramTopEigenvalue(G, O, new Float64Array(2 * O)));
}

function scratch(kernels: Kernels, capacity: number, width: number, K: number): GramScratch {
  return {
    v: kernels.alloc('float32', capacity * width),
    q: kernels.alloc('float32', capacity * width),
    prev: kernels.alloc('float32', capacity * width),
    x: kernels.alloc('float32', capacity * width),
    rows: createBidiagonalRows(capacity, K),
    ritzD: new Float64Array(K),
    ritzE: new Float64Array(K),
    scale: new Float64Array(capacity),
    logStart: new Float64Array(capacity),
  };
}

describe('WASM Gram-path Lanczos', () => {
  it.each([
    ['relu', 48, 23],
    ['sigmoid', 31, 17],
    ['tanh', 40, 40],
    ['relu', 32, 32],
  ] as const)(
    'per-example ‖diag(f′)·W‖₂ of a %s %i→%i block matches the plain loop to float32 rounding and the dense matrix to JACOBIAN_TOLERANCE',
    (activation, I, O) => {
      const n = 21;
      const D = 5;
      const rng = createRng(3);
      const x = Float64Array.from({ length: n * D }, () => rng.normal());
      const y = Float64Array.from({ length: n }, () => rng.normal());
      const data: Dataset = { name: 'r', x, y, n, inputDim: D, targetDim: 1, task: 'regression' };
      const config = resolveConfig({
        hidden: `${I},${O}`,
        activation,
        init: 'he-normal',
        biasInit: 0.1,
        loss: 'mse',
        dtype: 'float32',
        batchSize: 'full',
        valSplit: 0,
        seed: 8,
      });
      const { model } = createTrainer(config, { train: data, val: null }, { kernels: wk });
      for (let i = 0; i < n * D; i++) model.input[i] = x[i]!;
      model.forward(n, 'eval');
      const block = model.blocks[1]!;
      const fp = block.activation!.derivative;
      // example 0 dead (every unit off, or nearly: sigmoid's f′ tiny), example 1 with half its units off
      fp.fill(activation === 'relu' ? 0 : 1e-30, 0, O);
      for (let o = 0; o < O; o += 2) fp[O + o] = 0;
      const { gramLanczos: _, ...plain } = wk;
      const K = 30;
      const run = (kernels: Kernels) => {
        const out = new Float64Array(n);
        const logOut = new Float64Array(n);
        const norms = createGramNorms(kernels, 'float32', model.blocks, model.capacity);
        norms.measure(block, n, K, createRng(9), scratch(wk, model.capacity, I, K), out, logOut);
        return { out, logOut };
      };
      const twin = run(wk);
      const ref = run(plain);
      const W = block.dense.weight;
      for (let r = 0; r < n; r++) {
        const M = new Float64Array(O * I);
        for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) M[o * I + i] = fp[r * O + o]! * W[o * I + i]!;
        const want = denseNorm(M, O, I);
        if (activation === 'relu' && r === 0) {
          expect(twin.out[r]).toBe(0);
          expect(twin.logOut[r]).toBe(Number.NEGATIVE_INFINITY);
          continue;
        }
        expect(Math.abs(twin.out[r]! / ref.out[r]! - 1), `row ${r}: twin vs plain`).toBeLessThan(1e-5);
        expect(Math.abs(twin.out[r]! / want - 1), `row ${r}: twin vs dense`).toBeLessThan(
          Math.max(JACOBIAN_TOLERANCE, 1e-5),
        );
        expect(twin.out[r]!).toBeLessThanOrEqual(want * (1 + 1e-5));
        expect(twin.logOut[r]).toBeCloseTo(Math.log(twin.out[r]!), 12);
      }
    },
  );

  it('declines buffers outside the module memory (the caller then runs the plain loop) and gives √λ_max of a diagonal Gram', () => {
    const O = 4;
    const G = new Float32Array(O * O);
    const q = wk.alloc('float32', 2 * O);
    expect(wk.gramLanczos(new Float64Array(2), G, null, q, 2, O, 10, 1e-6)).toBe(false);
    const G2 = wk.alloc('float32', O * O) as Float32Array;
    for (let o = 0; o < O; o++) G2[o * O + o] = o + 1; // G = diag(1, 2, 3, 4) = D Dᵀ with D̂ = I: ‖D‖ = √4
    for (let o = 0; o < 2 * O; o++) q[o] = 0.5;
    const out = new Float64Array(2);
    expect(wk.gramLanczos(out, G2, null, q, 2, O, 10, 1e-6)).toBe(true);
    // the unit start (½, ½, ½, ½) reaches the whole space in 4 steps; x is float32, so to its rounding
    expect(out[0]).toBeCloseTo(2, 6);
    expect(out[1]).toBeCloseTo(2, 6);
  });
});
