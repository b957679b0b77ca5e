// The Gram path of the Jacobian norms (block-gram.ts) against dense float64 matrices: per-example
// ‖diag(f'(z_r))·W‖₂ of plain narrowing blocks, with dead ReLU rows and in float32, and the choice of path.

import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { createRng } from '../rng.js';
import type { DType } from '../tensor.js';
import { createTrainer } from '../train/trainer.js';
import { gramFits } from './block-gram.js';
import { createJacobianProbe } from './jacobian.js';
import { gramTopEigenvalue } from './power.js';
import { JACOBIAN_TOLERANCE } from './thresholds.js';

/** ‖M‖₂ of the dense O×I float64 matrix M, exactly: √λ_max(M Mᵀ). */
function denseNorm(M: Float64Array, O: number, I: number): number {
  const G = new Float64Array(O * O);
  for (let a = 0; a < O; a++)
    for (let b = 0; b < O; b++) for (let i = 0; i < I; i++) G[a * O + b] += M[a * I + i]! * M[b * I + i]!;
  return Math.sqrt(gramTopEigenvalue(G, O, new Float64Array(2 * O)));
}

function setup(activation: string, hidden: string, dtype: DType, extra: ConfigInput = {}, n = 10, D = 5) {
  const rng = createRng(7);
  const x = Float64Array.from({ length: n * D }, () => rng.normal());
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const data: Dataset = { name: 'r', x, y, n, inputDim: D, targetDim: 1, task: 'regression' };
  const config = resolveConfig({
    hidden,
    activation,
    init: 'he-normal',
    biasInit: 0.1,
    loss: 'mse',
    dtype,
    batchSize: 'full',
    valSplit: 0,
    seed: 4,
    ...extra,
  });
  const { model } = createTrainer(config, { train: data, val: null });
  for (let i = 0; i < n * D; i++) model.input[i] = x[i]!;
  model.forward(n, 'eval');
  return { model, n };
}

describe('Jacobian norms of plain narrowing blocks by their Gram matrix', () => {
  it.each([
    ['relu', 'float64', 1e-12],
    ['relu', 'float32', 1e-5],
    ['sigmoid', 'float64', 1e-12],
    ['sigmoid', 'float32', 1e-5],
  ] as const)(
    'per-example ‖diag(f′)·W‖₂ of a 48→24 %s block (%s) matches the dense matrix to JACOBIAN_TOLERANCE, never above it',
    (activation, dtype, above) => {
      const { model, n } = setup(activation, '48,24', dtype);
      const block = model.blocks[1]!;
      expect(gramFits(block, n, 30)).toBe(true);
      // a dead row: every unit of example 0 switched off (ReLU) or nearly so (sigmoid's f′ tiny)
      const fp = block.activation!.derivative;
      fp.fill(activation === 'relu' ? 0 : 1e-30, 0, 24);
      const W = block.dense.weight;
      const want = Array.from({ length: n }, (_, r) => {
        const M = new Float64Array(24 * 48);
        for (let o = 0; o < 24; o++)
          for (let i = 0; i < 48; i++) M[o * 48 + i] = fp[r * 24 + o]! * W[o * 48 + i]!;
        return denseNorm(M, 24, 48);
      });
      const out = new Float64Array(n);
      const logOut = new Float64Array(n);
      createJacobianProbe(model).spectralNorms(1, 1, n, 30, createRng(9), out, logOut);
      for (let r = 0; r < n; r++) {
        if (want[r] === 0) {
          expect(out[r]).toBe(0);
          expect(logOut[r]).toBe(Number.NEGATIVE_INFINITY);
          continue;
        }
        expect(Math.abs(out[r]! / want[r]! - 1), `row ${r}`).toBeLessThan(
          Math.max(JACOBIAN_TOLERANCE, above),
        );
        expect(out[r]!).toBeLessThanOrEqual(want[r]! * (1 + above));
        expect(logOut[r]).toBeCloseTo(Math.log(out[r]!), 12);
      }
    },
  );

  it('is chosen only for a plain block whose output is no wider than its input', () => {
    const { model } = setup('relu', '48,24,40', 'float64');
    // 5→48 widens, 48→24 narrows, 24→40 widens, 40→1 (the linear output layer) narrows
    expect(model.blocks.map((b) => gramFits(b, 10, 30))).toEqual([false, true, false, true]);
    for (const extra of [{ residual: true }, { norm: 'layer' }, { dropout: 0.2 }] as ConfigInput[]) {
      const other = setup('relu', '48,24,24', 'float64', extra).model;
      expect(gramFits(other.blocks[2]!, 10, 30), JSON.stringify(extra)).toBe(false);
    }
  });
});
