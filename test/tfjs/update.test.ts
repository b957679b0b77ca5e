// clipGradients and the decoupled weight decay on a tfjs optimizer against gradscope's own trainer: the same
// weights, the same full batch, step for step (both in float32, so equal to float32 rounding).

import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, type Dataset, DEFAULTS, type TrainConfig } from '../../src/index.js';
import { adamW, clipGradients, decoupledWeightDecay } from '../../src/tfjs/index.js';
import { mlp, regression, tf, useCpu } from '../helpers/tfjs.js';

beforeAll(useCpu);

const HIDDEN = [8, 6];

/** A tfjs model and a gradscope trainer holding the same weights, and the batch as a Dataset. */
function twins(config: Partial<TrainConfig>) {
  const { x, y } = regression(24, 3, 7);
  const model = mlp({
    inputDim: 3,
    hidden: HIDDEN,
    out: 1,
    activation: 'tanh',
    init: 'glorotUniform',
    seed: 7,
  });
  const train: Dataset = {
    name: 'batch',
    x: Float64Array.from(x.dataSync()),
    y: Float64Array.from(y.dataSync()),
    n: 24,
    inputDim: 3,
    targetDim: 1,
    task: 'regression',
  };
  const full: TrainConfig = {
    ...DEFAULTS,
    hidden: HIDDEN,
    activation: 'tanh',
    loss: 'mse',
    batchSize: 'full',
    steps: 5,
    valSplit: 0,
    ...config,
  };
  const trainer = createTrainer(full, { train, val: null });
  // gradscope's W (O, I) is tfjs's kernel K (I, O) transposed
  model.layers.forEach((layer, l) => {
    const [K, b] = layer.getWeights();
    const W = tf.tidy(() => tf.transpose(K!).dataSync());
    trainer.model.tensors.find((t) => t.name === `layers.${l}.weight`)!.value.set(W);
    trainer.model.tensors.find((t) => t.name === `layers.${l}.bias`)!.value.set(b!.dataSync());
  });
  return { model, trainer, x, y };
}

/** max |tfjs − gradscope| over every weight, relative to the largest weight. */
function gap(model: ReturnType<typeof twins>['model'], trainer: ReturnType<typeof twins>['trainer']): number {
  let worst = 0;
  let scale = 0;
  model.layers.forEach((layer, l) => {
    const [K, b] = layer.getWeights();
    const W = tf.tidy(() => tf.transpose(K!).dataSync());
    const ours = [
      trainer.model.tensors.find((t) => t.name === `layers.${l}.weight`)!.value,
      trainer.model.tensors.find((t) => t.name === `layers.${l}.bias`)!.value,
    ];
    [W, b!.dataSync()].forEach((theirs, k) => {
      for (let i = 0; i < theirs.length; i++) {
        worst = Math.max(worst, Math.abs(theirs[i]! - ours[k]![i]!));
        scale = Math.max(scale, Math.abs(ours[k]![i]!));
      }
    });
  });
  return worst / scale;
}

describe('clipping and AdamW on a tfjs optimizer', () => {
  it("clipGradients global equals gradscope's --clip-norm step for step, pre- and post-clip norms included", async () => {
    const { model, trainer, x, y } = twins({ optimizer: 'sgd', lr: 0.5, clipNorm: 0.05 });
    const opt = tf.train.sgd(0.5);
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const clip = clipGradients(opt, { mode: 'global', max: 0.05 });
    for (let s = 0; s < 5; s++) {
      await model.trainOnBatch(x, y);
      const r = trainer.step();
      const st = clip.stats();
      expect(r.clip.clipped).toBe(true);
      expect(Math.abs(st.preNorm - r.clip.preNorm) / r.clip.preNorm).toBeLessThan(1e-5);
      expect(st.postNorm).toBeCloseTo(r.clip.postNorm, 6);
      expect(gap(model, trainer)).toBeLessThan(1e-6);
    }
    expect(clip.stats()).toMatchObject({ steps: 5, clippedSteps: 5, fraction: 1, firstClippedStep: 1 });
    clip.dispose();
  });

  it('clipGradients perTensor and value match --clip-layer-norm and --clip-value', async () => {
    for (const [mode, key] of [
      ['perTensor', 'clipLayerNorm'],
      ['value', 'clipValue'],
    ] as const) {
      const { model, trainer, x, y } = twins({ optimizer: 'sgd', lr: 0.5, [key]: 0.02 });
      const opt = tf.train.sgd(0.5);
      model.compile({ optimizer: opt, loss: 'meanSquaredError' });
      const clip = clipGradients(opt, { mode, max: 0.02 });
      for (let s = 0; s < 3; s++) {
        await model.trainOnBatch(x, y);
        expect(trainer.step().clip.clipped).toBe(true);
        expect(gap(model, trainer)).toBeLessThan(1e-6);
      }
      expect(clip.stats().clippedSteps).toBe(3);
      clip.dispose();
    }
  });

  it("the decoupled weight decay makes tfjs Adam equal gradscope's --optimizer adamw step for step", async () => {
    const { model, trainer, x, y } = twins({ optimizer: 'adamw', lr: 0.01, weightDecay: 0.5, eps: 1e-8 });
    const { optimizer, decay } = adamW({ lr: 0.01, weightDecay: 0.5, eps: 1e-8 });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    for (let s = 0; s < 10; s++) {
      await model.trainOnBatch(x, y);
      trainer.step();
      expect(gap(model, trainer)).toBeLessThan(1e-5);
    }
    expect(decay.steps()).toBe(10);
    decay.dispose();
  });

  it('without the decay, the same Adam drifts from gradscope adamw (the test can fail)', async () => {
    const { model, trainer, x, y } = twins({ optimizer: 'adamw', lr: 0.01, weightDecay: 0.5, eps: 1e-8 });
    model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-8), loss: 'meanSquaredError' });
    for (let s = 0; s < 10; s++) {
      await model.trainOnBatch(x, y);
      trainer.step();
    }
    expect(gap(model, trainer)).toBeGreaterThan(1e-3);
  });

  it('refuses a bad clipping mode or bound, naming the argument', () => {
    const opt = tf.train.sgd(0.1);
    expect(() => clipGradients(opt, { mode: 'norm' as 'global', max: 1 })).toThrow(
      'clipGradients: mode: expected one of global, perTensor, value, got "norm"',
    );
    expect(() => clipGradients(opt, { mode: 'global', max: 0 })).toThrow(
      'clipGradients: max: expected a finite number > 0, got 0',
    );
    expect(() => decoupledWeightDecay(opt, { weightDecay: -1 })).toThrow(
      'decoupledWeightDecay: weightDecay: expected a finite number ≥ 0, got -1',
    );
  });
});
