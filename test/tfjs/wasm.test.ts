// The watcher on the wasm backend: the same verdict and numbers as on cpu, and no tensor leaks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watch } from '../../src/tfjs/index.js';
import { issue918, mlp, regression, tf, useCpu, useWasm } from '../helpers/tfjs.js';

beforeAll(useWasm);
afterAll(useCpu);

describe('watch on the wasm backend', () => {
  it('reports dead-relu on tfjs #918 and names the backend', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const { model, x, y } = issue918();
    const w = watch(model, { every: 10, probe: { x, y } });
    await model.fit(x, y, { epochs: 50, verbose: 0, callbacks: w.callback });
    expect(w.diagnosis().verdict).toContain('dead-relu');
    expect(w.history().map((h) => h.loss.toFixed(3))).toEqual(Array(6).fill('21.000'));
    w.dispose();
    tf.dispose([x, y]);
  });

  it('leaks no tensor over 1,000 batches, and records the first NaN with its layer and backend', async () => {
    const { x, y } = regression(16, 3, 5);
    const model = mlp({ inputDim: 3, hidden: [8], out: 1, activation: 'relu', init: 'heNormal', seed: 5 });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const w = watch(model, { every: 100, probe: { x, y } });
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 999; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    expect(w.nonFinite()).toBeNull();
    // a NaN target: the loss of the next step is NaN, in the loss phase
    const bad = tf.fill([16, 1], Number.NaN);
    await model.trainOnBatch(x, bad);
    expect(w.nonFinite()).toEqual({ step: 1001, tensor: 'loss', layer: 1, phase: 'loss', backend: 'wasm' });
    expect(w.diagnosis().verdict).toContain('non-finite');
    w.dispose();
    tf.dispose([x, y, bad]);
  });
});
