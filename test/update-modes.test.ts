// The notes' three update modes on a tiny network, checked against the update written out by hand:
//   W ← W − η [ (1/b) Σ_τ ∇_W Div(Y_τ, d_τ) + λW ]       (biases carry no λ term)
// Network: one hidden unit, linear activation, MSE:  h = w1·x + b1,  y = w2·h + b2,  Div = (y − d)².

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config.js';
import type { Dataset } from '../src/core/dataset.js';
import { createRng } from '../src/core/rng.js';
import { createBatchSampler } from '../src/core/train/batches.js';
import { createTrainer } from '../src/core/train/trainer.js';

const X = [0.5, -1.5, 2.0, 1.0];
const D = [1.0, 0.25, -0.5, 2.0];
const START = { w1: 0.8, b1: 0.1, w2: -0.6, b2: 0.2 };
const ETA = 0.05;
const LAMBDA = 0.3;

function dataset(n: number): Dataset {
  return {
    name: 'hand',
    x: Float64Array.from(X.slice(0, n)),
    y: Float64Array.from(D.slice(0, n)),
    n,
    inputDim: 1,
    targetDim: 1,
    task: 'regression',
  };
}

type P = typeof START;

/** One update by the notes' formula, gradients by the chain rule written out for this network. */
function handStep(p: P, batch: readonly number[]): P {
  const g = { w1: 0, b1: 0, w2: 0, b2: 0 };
  for (const t of batch) {
    const h = p.w1 * X[t]! + p.b1;
    const y = p.w2 * h + p.b2;
    const r = 2 * (y - D[t]!); // ∂Div/∂y
    g.w2 += r * h;
    g.b2 += r;
    g.w1 += r * p.w2 * X[t]!;
    g.b1 += r * p.w2;
  }
  const b = batch.length;
  return {
    w1: p.w1 - ETA * (g.w1 / b + LAMBDA * p.w1),
    b1: p.b1 - ETA * (g.b1 / b),
    w2: p.w2 - ETA * (g.w2 / b + LAMBDA * p.w2),
    b2: p.b2 - ETA * (g.b2 / b),
  };
}

function trainerFor(n: number, batchSize: number | 'full', steps: number) {
  const config = resolveConfig({
    hidden: [1],
    activation: 'linear',
    loss: 'mse',
    dtype: 'float64',
    lr: ETA,
    l2: LAMBDA,
    batchSize,
    steps,
    seed: 3,
    valSplit: 0,
  });
  const trainer = createTrainer(config, { train: dataset(n), val: null });
  // tensors in order: layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias
  trainer.model.params.set([START.w1, START.b1, START.w2, START.b2]);
  return trainer;
}

function params(trainer: ReturnType<typeof trainerFor>): P {
  const [w1, b1, w2, b2] = trainer.model.params;
  return { w1: w1!, b1: b1!, w2: w2!, b2: b2! };
}

/** The example order the trainer visits: its seeded per-epoch shuffle. */
function visitOrder(n: number, b: number, steps: number): number[][] {
  const sampler = createBatchSampler(n, b, createRng(3).fork('shuffle'));
  return Array.from({ length: steps }, () => Array.from(sampler.next()));
}

function expectClose(a: P, b: P): void {
  for (const k of ['w1', 'b1', 'w2', 'b2'] as const) expect(a[k]).toBeCloseTo(b[k], 13);
}

describe('the three update modes match the notes’ formulas, computed by hand', () => {
  it('batch mode (--batch-size full): one step averages ∇Div over both samples and adds λW', () => {
    const trainer = trainerFor(2, 'full', 1);
    trainer.step();
    expectClose(params(trainer), handStep(START, [0, 1]));
  });

  it('SGD (--batch-size 1): each step uses one sample’s ∇Div plus λW, in the shuffled order', () => {
    const trainer = trainerFor(2, 1, 2);
    const order = visitOrder(2, 1, 2);
    expect(order.flat().sort()).toEqual([0, 1]);
    trainer.step();
    const after1 = handStep(START, order[0]!);
    expectClose(params(trainer), after1);
    trainer.step();
    expectClose(params(trainer), handStep(after1, order[1]!));
  });

  it('minibatch (--batch-size 2 of 4): each step averages over its b samples', () => {
    const trainer = trainerFor(4, 2, 2);
    const order = visitOrder(4, 2, 2);
    let p = START;
    for (const batch of order) {
      trainer.step();
      p = handStep(p, batch);
      expectClose(params(trainer), p);
    }
  });

  it('the reported penalty is ½λΣ‖W‖²_F over weights only, and the loss is the mean Div', () => {
    const trainer = trainerFor(2, 'full', 1);
    const record = trainer.gradients();
    expect(record.penalty).toBeCloseTo(0.5 * LAMBDA * (START.w1 ** 2 + START.w2 ** 2), 14);
    const div = [0, 1].map((t) => {
      const y = START.w2 * (START.w1 * X[t]! + START.b1) + START.b2;
      return (y - D[t]!) ** 2;
    });
    expect(record.loss).toBeCloseTo((div[0]! + div[1]!) / 2, 14);
  });
});
