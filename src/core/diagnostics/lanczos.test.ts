// Lanczos bidiagonalisation (lanczos.ts, as jacobian.ts runs it) against closed forms and a dense float64
// reference: the tridiagonal eigenvalue solver on matrices whose spectrum is known, and per-example
// ‖D_l‖₂ of a 40-wide tanh layer (too wide for the exact path) against its explicit matrix.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { createRng } from '../rng.js';
import { createTrainer } from '../train/trainer.js';
import { createJacobianProbe } from './jacobian.js';
import { borderedTop, tridiagonalTop } from './lanczos.js';
import { JACOBIAN_TOLERANCE } from './thresholds.js';

describe('tridiagonalTop', () => {
  it.each([1, 2, 3, 7, 30])(
    'gives a + 2|b|·cos(π/(n+1)), the top eigenvalue of the constant n×n tridiagonal (n = %s)',
    (n) => {
      for (const [a, b] of [
        [2, -1],
        [0.3, 0.05],
        [5, 2],
      ] as const) {
        const d = new Float64Array(n).fill(a);
        const e = new Float64Array(n).fill(b);
        const want = a + (n === 1 ? 0 : 2 * Math.abs(b) * Math.cos(Math.PI / (n + 1)));
        expect(tridiagonalTop(d, e, n) / want - 1).toBeCloseTo(0, 12);
      }
    },
  );

  it('gives the largest diagonal entry of a diagonal matrix (e = 0)', () => {
    const d = Float64Array.from([0.5, 3, 1, 2.5]);
    expect(tridiagonalTop(d, new Float64Array(4), 4)).toBeCloseTo(3, 12);
  });
});

describe('borderedTop', () => {
  it('bounds the top eigenvalue of every leading block of a random tridiagonal from the block before, and Newton from it lands on the same value', () => {
    const rng = createRng(21);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + (trial % 20);
      const d = Float64Array.from({ length: n }, () => rng.next() * 4);
      const e = Float64Array.from({ length: n }, () => rng.normal());
      let top = d[0]!;
      for (let k = 1; k < n; k++) {
        const want = tridiagonalTop(d, e, k + 1);
        const start = borderedTop(top, e[k - 1]!, d[k]!);
        expect(start).toBeGreaterThanOrEqual(want);
        expect(tridiagonalTop(d, e, k + 1, 0, start) / want - 1).toBeCloseTo(0, 13);
        top = want;
      }
    }
  });
});

/** ‖M‖₂ of the dense float64 O×I matrix M by many power steps on MᵀM. */
function denseNorm(M: Float64Array, O: number, I: number): number {
  let v = Float64Array.from({ length: I }, (_, i) => 1 + ((i * 0.618) % 1));
  let sigma = 0;
  for (let it = 0; it < 4000; it++) {
    const u = new Float64Array(O);
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) u[o] += M[o * I + i]! * v[i]!;
    const w = new Float64Array(I);
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) w[i] += M[o * I + i]! * u[o]!;
    const n = Math.hypot(...w);
    sigma = Math.sqrt(n);
    v = w.map((x) => x / n);
  }
  return sigma;
}

describe('Lanczos Jacobian norms', () => {
  it('per-example ‖diag(1 − a²)·W‖₂ of a 40-wide tanh layer matches the dense matrix to JACOBIAN_TOLERANCE (1e-6), never above it', () => {
    const n = 8;
    const D = 3;
    const rng = createRng(5);
    const x = Float64Array.from({ length: n * D }, () => rng.normal());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const data: Dataset = { name: 'r', x, y, n, inputDim: D, targetDim: 1, task: 'regression' };
    const config = resolveConfig({
      hidden: '40,40',
      activation: 'tanh',
      init: 'xavier-normal',
      biasInit: 0.1,
      loss: 'mse',
      dtype: 'float64',
      batchSize: 'full',
      valSplit: 0,
      seed: 3,
    });
    const { model } = createTrainer(config, { train: data, val: null });
    const probe = createJacobianProbe(model);
    for (let i = 0; i < n * D; i++) model.input[i] = x[i]!;
    model.forward(n, 'eval');
    const block = model.blocks[1]!;
    const W = block.dense.weight; // (40, 40)
    const a = block.activation!.out; // (n, 40)
    const want = Array.from({ length: n }, (_, r) => {
      const M = new Float64Array(40 * 40);
      for (let o = 0; o < 40; o++) {
        const f = 1 - a[r * 40 + o]! ** 2;
        for (let i = 0; i < 40; i++) M[o * 40 + i] = f * W[o * 40 + i]!;
      }
      return denseNorm(M, 40, 40);
    });
    const out = new Float64Array(n);
    const logOut = new Float64Array(n);
    probe.spectralNorms(1, 1, n, 30, createRng(9), out, logOut);
    for (let r = 0; r < n; r++) {
      expect(Math.abs(out[r]! / want[r]! - 1), `row ${r}`).toBeLessThan(JACOBIAN_TOLERANCE);
      expect(out[r]!).toBeLessThanOrEqual(want[r]! * (1 + 1e-12));
      expect(logOut[r]).toBeCloseTo(Math.log(out[r]!), 12);
    }
  });
});
