import { describe, expect, it } from 'vitest';
import { float64Trainer, randomDataset } from '../../../test/helpers/gradcheck.js';
import { referenceKernels } from '../kernels/reference.js';
import { createModel, type Model } from '../model.js';
import { createRng } from '../rng.js';
import { createOptimizer } from './index.js';
import type { OptimizerConfig, OptimizerName } from './optimizer.js';

/** 1 → 1 → 1: params [w₀ (decays), b₀, w₁ (decays), b₁]. */
function tinyModel(norm: 'none' | 'layer' = 'none'): Model {
  const spec = {
    inputDim: 1,
    hidden: [1],
    outputDim: 1,
    activation: 'tanh',
    init: 'xavier-normal',
    biasInit: 0,
    norm,
    residual: false,
    residualScale: 1,
    dropout: 0,
  } as const;
  return createModel(spec, { kernels: referenceKernels, dtype: 'float64', capacity: 1, rng: createRng(1) });
}

const BASE: OptimizerConfig = {
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
};

/** Run three steps with gradients 1, 2, −1 on every parameter (all starting at 1); returns params per step. */
function threeSteps(optimizer: OptimizerName, weightDecay = 0): number[][] {
  const model = tinyModel();
  model.params.fill(1);
  const opt = createOptimizer(model, { ...BASE, optimizer, weightDecay });
  return [1, 2, -1].map((g, k) => {
    model.grads.fill(g);
    opt.step(k + 1);
    return Array.from(model.params);
  });
}

describe('optimizers against hand-computed steps (lr 0.1, μ 0.9, β 0.9/0.999, ε 1e-8, w₀ = 1, g = 1, 2, −1)', () => {
  it('sgd: w ← w − η·g', () => {
    const w = threeSteps('sgd').map((p) => p[0]);
    expect(w[0]).toBeCloseTo(0.9, 15);
    expect(w[1]).toBeCloseTo(0.7, 15);
    expect(w[2]).toBeCloseTo(0.8, 15);
  });

  it('momentum: buf ← μ·buf + g (buf = g at first), w ← w − η·buf (torch.optim.SGD)', () => {
    const w = threeSteps('momentum').map((p) => p[0]);
    // buf = 1, 0.9·1 + 2 = 2.9, 0.9·2.9 − 1 = 1.61
    expect(w[0]).toBeCloseTo(1 - 0.1 * 1, 15);
    expect(w[1]).toBeCloseTo(0.9 - 0.1 * 2.9, 15);
    expect(w[2]).toBeCloseTo(0.61 - 0.1 * 1.61, 15);
  });

  it('nesterov: the same buffer, w ← w − η·(g + μ·buf) (torch.optim.SGD nesterov=True)', () => {
    const w = threeSteps('nesterov').map((p) => p[0]);
    expect(w[0]).toBeCloseTo(1 - 0.1 * (1 + 0.9 * 1), 15); // 0.81
    expect(w[1]).toBeCloseTo(0.81 - 0.1 * (2 + 0.9 * 2.9), 15); // 0.349
    expect(w[2]).toBeCloseTo(0.349 - 0.1 * (-1 + 0.9 * 1.61), 15); // 0.3041
  });

  it('adam: bias-corrected moments, ε added after √v̂ (torch.optim.Adam)', () => {
    const w = threeSteps('adam').map((p) => p[0]);
    // step 1: m = 0.1, v = 0.001; m̂ = 1, v̂ = 1
    const w1 = 1 - (0.1 * (0.1 / 0.1)) / (Math.sqrt(0.001) / Math.sqrt(0.001) + 1e-8);
    // step 2: m = 0.09 + 0.2 = 0.29, v = 0.000999 + 0.004 = 0.004999; 1 − β₁² = 0.19, 1 − β₂² = 0.001999
    const w2 = w1 - ((0.1 / 0.19) * 0.29) / (Math.sqrt(0.004999) / Math.sqrt(0.001999) + 1e-8);
    // step 3: m = 0.261 − 0.1 = 0.161, v = 0.004994001 + 0.001 = 0.005994001; 1 − β₁³ = 0.271, 1 − β₂³ = 0.002997001
    const w3 = w2 - ((0.1 / 0.271) * 0.161) / (Math.sqrt(0.005994001) / Math.sqrt(0.002997001) + 1e-8);
    expect(w[0]).toBeCloseTo(w1, 14);
    expect(w[1]).toBeCloseTo(w2, 14);
    expect(w[2]).toBeCloseTo(w3, 14);
  });

  it('adamw: w ← (1 − ηλ)·w before the Adam step on weights only; biases do not decay (torch.optim.AdamW)', () => {
    const [s1, s2] = threeSteps('adamw', 0.5);
    const shrink = 1 - 0.1 * 0.5;
    const w1 = shrink * 1 - 0.1 / (1 + 1e-8);
    const w2 = shrink * w1 - ((0.1 / 0.19) * 0.29) / (Math.sqrt(0.004999) / Math.sqrt(0.001999) + 1e-8);
    expect(s1![0]).toBeCloseTo(w1, 14);
    expect(s2![0]).toBeCloseTo(w2, 14);
    const adam = threeSteps('adam');
    expect(s1![1]).toBe(adam[0]![1]); // b₀ has no decay
    expect(s2![3]).toBe(adam[1]![3]);
  });

  it.each(['sgd', 'momentum', 'nesterov'] as const)(
    '%s with --weight-decay λ shrinks weights by (1 − ηλ) before the update',
    (name) => {
      const plain = threeSteps(name);
      const decayed = threeSteps(name, 0.5);
      expect(decayed[0]![0]).toBeCloseTo(plain[0]![0]! - 0.1 * 0.5 * 1, 15);
      expect(decayed[0]![1]).toBe(plain[0]![1]);
    },
  );

  it('adam with --weight-decay is exactly adamw', () => {
    expect(threeSteps('adam', 0.3)).toEqual(threeSteps('adamw', 0.3));
  });

  it.each(['sgd', 'momentum', 'nesterov', 'adam', 'adamw'] as const)(
    '%s decays only Dense weights: norm gains and biases are left alone',
    (optimizer) => {
      const model = tinyModel('layer');
      model.params.fill(2);
      const opt = createOptimizer(model, { ...BASE, optimizer, weightDecay: 0.5 });
      opt.step(1); // zero gradients: only decay can move anything
      for (const t of model.tensors) {
        const expected = t.decay ? 2 * (1 - 0.1 * 0.5) : 2;
        expect([t.name, ...t.value]).toEqual([t.name, ...new Array(t.size).fill(expected)]);
      }
      expect(model.tensors.filter((t) => t.decay).map((t) => t.name)).toEqual([
        'layers.0.weight',
        'layers.1.weight',
      ]);
    },
  );
});

describe('coupled L2 versus decoupled weight decay (Loshchilov & Hutter)', () => {
  const data = randomDataset(40, 3, 'binary');
  const run = (input: Record<string, number | string>): Float64Array[] => {
    const t = float64Trainer(
      { activation: 'tanh', hidden: [6, 5], batchSize: 8, lr: 0.2, seed: 3, ...input },
      data,
    );
    return Array.from({ length: 50 }, () => {
      t.step();
      return Float64Array.from(t.model.params);
    });
  };
  const maxRel = (a: Float64Array, b: Float64Array): number => {
    let worst = 0;
    for (let i = 0; i < a.length; i++)
      worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(a[i]!), 1e-12));
    return worst;
  };

  it('SGD with --l2 λ equals SGD with --weight-decay λ step for step (relative 1e-6 over 50 steps)', () => {
    const l2 = run({ optimizer: 'sgd', l2: 0.05 });
    const wd = run({ optimizer: 'sgd', weightDecay: 0.05 });
    for (let k = 0; k < 50; k++) expect(maxRel(l2[k]!, wd[k]!)).toBeLessThan(1e-6);
    // and the decay did something
    expect(maxRel(run({ optimizer: 'sgd' })[49]!, wd[49]!)).toBeGreaterThan(1e-3);
  });

  it('Adam with --l2 λ differs from AdamW with the same λ: Adam rescales the λW term, AdamW does not', () => {
    const cfg = { optimizer: 'adam', lr: 0.01 };
    const l2 = run({ ...cfg, l2: 0.05 });
    const wd = run({ ...cfg, weightDecay: 0.05 });
    expect(maxRel(l2[49]!, wd[49]!)).toBeGreaterThan(1e-2);
    // with λ = 0 they are the same optimizer
    expect(maxRel(run(cfg)[49]!, run({ ...cfg, optimizer: 'adamw' })[49]!)).toBe(0);
  });
});
