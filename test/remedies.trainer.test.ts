// The remedies through the public trainer: BatchNorm running statistics and eval mode, dropout's seeding,
// clipping records, every optimizer end to end.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config.js';
import { UsageError } from '../src/core/errors.js';
import { createTrainer } from '../src/core/train/trainer.js';
import { float64Trainer, randomDataset } from './helpers/gradcheck.js';

describe('BatchNorm inside the trainer', () => {
  const data = randomDataset(10, 3, 'binary');

  it('after one full-batch step running_mean/var equal 0.9·init + 0.1·(batch mean, unbiased batch variance)', () => {
    const t = float64Trainer({ activation: 'tanh', hidden: [4], norm: 'batch', biasInit: 0.2 }, data);
    const W = Float64Array.from(t.model.tensors.find((v) => v.name === 'layers.0.weight')!.value);
    const b = Float64Array.from(t.model.tensors.find((v) => v.name === 'layers.0.bias')!.value);
    t.step();
    // z = x Wᵀ + b over the whole training set (the full batch), per feature, at the pre-step weights
    const n = data.n;
    for (let j = 0; j < 4; j++) {
      const z = Array.from(
        { length: n },
        (_, r) => b[j]! + [0, 1, 2].reduce((s, i) => s + data.x[r * 3 + i]! * W[j * 3 + i]!, 0),
      );
      const mean = z.reduce((s, v) => s + v, 0) / n;
      const unbiased = z.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
      const state = (name: string): number => t.model.state.find((s) => s.name === name)!.value[j]!;
      expect(state('norms.0.running_mean')).toBeCloseTo(0.9 * 0 + 0.1 * mean, 14);
      expect(state('norms.0.running_var')).toBeCloseTo(0.9 * 1 + 0.1 * unbiased, 14);
    }
  });

  it('evaluation runs in eval mode: rows do not depend on the batch and running statistics do not move', () => {
    const t = float64Trainer({ activation: 'relu', hidden: [5, 5], norm: 'batch' }, data);
    for (let k = 0; k < 5; k++) t.step();
    const stats = t.model.state.map((s) => Array.from(s.value));
    const first = t.evaluate(data);
    expect(t.evaluate(data)).toEqual(first);
    expect(t.model.state.map((s) => Array.from(s.value))).toEqual(stats);
    // the logits of row 0 alone equal row 0 of the whole set: no batch statistics in eval mode
    t.model.input.set(data.x.subarray(0, 3 * data.n));
    const all = Array.from(t.model.forward(data.n, 'eval').subarray(0, 1));
    t.model.input.set(data.x.subarray(0, 3));
    expect(Array.from(t.model.forward(1, 'eval').subarray(0, 1))).toEqual(all);
  });

  it('refuses --batch-size 1 and a last batch of one example before training starts', () => {
    const make = (batchSize: number) => () =>
      createTrainer(resolveConfig({ norm: 'batch', batchSize, valSplit: 0 }), { train: data, val: null });
    expect(make(1)).toThrow(UsageError);
    expect(make(1)).toThrow(/--batch-size: expected ≥ 2 with --norm batch/);
    expect(make(3)).toThrow(/last batch of 1 example/); // 10 = 3 + 3 + 3 + 1
    expect(make(4)).not.toThrow();
  });

  it('saves gains, biases and running statistics under norms.<l>. names', () => {
    const t = float64Trainer({ hidden: [4, 4], norm: 'batch' }, data);
    expect(t.model.tensors.map((v) => v.name).filter((n) => n.startsWith('norms.'))).toEqual([
      'norms.0.weight',
      'norms.0.bias',
      'norms.1.weight',
      'norms.1.bias',
    ]);
    expect(t.model.state.map((s) => s.name)).toEqual([
      'norms.0.running_mean',
      'norms.0.running_var',
      'norms.1.running_mean',
      'norms.1.running_var',
    ]);
  });
});

describe('dropout inside the trainer', () => {
  const data = randomDataset(20, 2, 'binary');
  const params = (seed: number): number[] => {
    const t = float64Trainer({ hidden: [8, 8], dropout: 0.5, seed, batchSize: 5 }, data);
    for (let k = 0; k < 10; k++) t.step();
    return Array.from(t.model.params);
  };

  it('is reproducible from the seed and differs across seeds', () => {
    expect(params(4)).toEqual(params(4));
    expect(params(4)).not.toEqual(params(5));
  });

  it('is off in evaluation: two evaluations agree exactly', () => {
    const t = float64Trainer({ hidden: [8, 8], dropout: 0.5 }, data);
    t.step();
    expect(t.evaluate(data)).toEqual(t.evaluate(data));
  });
});

describe('every optimizer and remedy trains end to end', () => {
  const data = randomDataset(32, 2, 'binary');
  it.each(['sgd', 'momentum', 'nesterov', 'adam', 'adamw'] as const)(
    '%s with layer norm, residual, dropout, L1, L2, weight decay and all clips lowers the loss',
    (optimizer) => {
      const t = float64Trainer(
        {
          optimizer,
          lr: optimizer.startsWith('adam') ? 0.01 : 0.05,
          hidden: [8, 8, 8],
          norm: 'layer',
          residual: true,
          residualScale: 'auto',
          dropout: 0.1,
          l1: 1e-4,
          l2: 1e-3,
          weightDecay: 1e-3,
          clipValue: 5,
          clipLayerNorm: 5,
          clipNorm: 5,
        },
        data,
      );
      const before = t.evaluate(data).loss;
      for (let k = 0; k < 60; k++) t.step();
      const after = t.evaluate(data).loss;
      expect(Number.isFinite(after)).toBe(true);
      expect(after).toBeLessThan(before);
    },
  );

  it('records the pre- and post-clip norms and whether clipping fired', () => {
    const t = float64Trainer({ hidden: [8], clipNorm: 1e-3 }, data);
    const r = t.step();
    expect(r.clip.clipped).toBe(true);
    expect(r.clip.preNorm).toBeGreaterThan(1e-3);
    expect(r.clip.postNorm).toBeLessThanOrEqual(1e-3 + 1e-6);
    const free = float64Trainer({ hidden: [8], clipNorm: 1e6 }, data).step();
    expect(free.clip).toEqual({ preNorm: free.clip.preNorm, postNorm: free.clip.preNorm, clipped: false });
  });
});
