// watch() on real tfjs-layers models in Node (cpu backend): the three models of the issue, the gradient
// norms against a direct tf.variableGrads, the saved run against gradscope's own readers, no tensor leaks.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, readSavedRun } from '../../src/index.js';
import { watch } from '../../src/tfjs/index.js';
import { issue918, mlp, regression, tf, useCpu } from '../helpers/tfjs.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
let dir: string;

beforeAll(async () => {
  await useCpu();
  dir = mkdtempSync(join(tmpdir(), 'gradscope-tfjs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('watch on a tfjs model', () => {
  it('reports vanishing on a deep sigmoid model (Dense × 10, glorotUniform), in the signal numbers', async () => {
    const { x, y } = regression(64, 4, 1);
    const model = mlp({
      inputDim: 4,
      hidden: Array(9).fill(32),
      out: 1,
      activation: 'sigmoid',
      init: 'glorotUniform',
      seed: 1,
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const w = watch(model, { every: 10, probe: { x, y } });
    await model.fit(x, y, { epochs: 10, batchSize: 32, verbose: 0, callbacks: w.callback });
    const d = w.diagnosis();
    expect(d.verdict).toEqual(['vanishing']);
    const first = w.history()[0]!;
    expect(first.step).toBe(1);
    const signal = first.layers.map((l) => l.signalGradNorm);
    expect(signal[0]! / signal[9]!).toBeLessThan(1e-3);
    // sigmoid's f′ ≤ 0.25 bounds the measured factor per layer
    for (const l of first.layers.slice(0, -1)) expect(l.meanDerivative).toBeLessThanOrEqual(0.25);
    const doc = w.document();
    expect(doc.config).toMatchObject({
      hidden: Array(9).fill(32),
      activation: 'sigmoid',
      init: 'xavier-uniform',
      optimizer: 'sgd',
      lr: 0.1,
      batchSize: 32,
    });
    expect(doc.steps).toBe(20);
    expect(doc.history.map((h) => h.step)).toEqual([1, 10, 20]);
    w.dispose();
  });

  it('reports healthy on a ReLU/He model', async () => {
    const { x, y } = regression(128, 4, 2);
    const model = mlp({
      inputDim: 4,
      hidden: [32, 32, 32, 32],
      out: 1,
      activation: 'relu',
      init: 'heNormal',
      seed: 2,
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const w = watch(model, { every: 25, probe: { x, y } });
    await model.fit(x, y, { epochs: 50, batchSize: 32, verbose: 0, callbacks: w.callback });
    const doc = w.document();
    expect(doc.diagnosis).toEqual({ verdict: 'healthy', findings: [] });
    expect(doc.steps).toBe(200);
    expect(doc.final.train.loss).toBeLessThan(0.5 * doc.baseline.constantLoss);
    const first = w.history()[0]!.layers;
    expect(first[0]!.signalGradNorm / first[4]!.signalGradNorm).toBeGreaterThan(0.1);
    for (const l of first.slice(0, -1)) expect(l.deadFraction).toBeLessThan(0.5);
    w.dispose();
  });

  it('reports dead-relu on tfjs #918 with a negative kernel, the loss at exactly mean(y²) = 21', async () => {
    const { model, x, y } = issue918();
    expect(model.getWeights()[0]!.dataSync()[0]).toBeLessThan(0);
    const w = watch(model, { every: 1, probe: { x, y } });
    await model.fit(x, y, { epochs: 200, verbose: 0, callbacks: w.callback });
    const d = w.diagnosis();
    expect(d.verdict).toContain('dead-relu');
    expect(d.findings.find((f) => f.code === 'dead-relu')!.layers).toEqual([0]);
    const h = w.history();
    expect(h).toHaveLength(200);
    for (const s of h) {
      expect(s.loss.toFixed(3)).toBe('21.000');
      expect(s.layers[0]!.gradNorm).toBe(0);
      expect(s.layers[0]!.deadFraction).toBe(1);
    }
    expect(w.document().config).toMatchObject({ hidden: [], activation: 'relu', loss: 'mse' });
    w.dispose();
  });

  it("records each layer's gradNorm as a direct tf.variableGrads computes it on the same batch", async () => {
    const { x, y } = regression(32, 3, 4);
    const model = mlp({
      inputDim: 3,
      hidden: [16, 8],
      out: 1,
      activation: 'tanh',
      init: 'glorotUniform',
      seed: 4,
    });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const kernels = model.layers.map((l) => l.trainableWeights[0]!.read() as tf.Variable);
    const expected = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.mean(tf.square(tf.sub(model.predict(x) as tf.Tensor, y))) as tf.Scalar,
        kernels,
      );
      return kernels.map((k) => Math.sqrt(tf.sum(tf.square(grads[k.name]!)).dataSync()[0]!));
    });
    const w = watch(model, { every: 1, probe: { x, y } });
    await model.trainOnBatch(x, y);
    const got = w.history()[0]!.layers.map((l) => l.gradNorm);
    expect(got).toHaveLength(3);
    for (const [l, g] of got.entries()) expect(Math.abs(g - expected[l]!) / expected[l]!).toBeLessThan(1e-5);
    w.dispose();
  });

  it('saves a run directory that gradscope diagnose and report read', async () => {
    const { model, x, y } = issue918();
    const w = watch(model, { every: 5, probe: { x, y } });
    await model.fit(x, y, { epochs: 20, verbose: 0, callbacks: w.callback });
    const out = join(dir, 'run918');
    await w.save(out);
    const doc = readSavedRun({ summary: readFileSync(join(out, 'summary.json'), 'utf8') });
    expect(diagnose(doc)).toEqual(w.diagnosis());
    const partial = readSavedRun({
      config: readFileSync(join(out, 'config.json'), 'utf8'),
      metrics: readFileSync(join(out, 'metrics.jsonl'), 'utf8'),
    });
    expect(partial.history).toHaveLength(5);
    expect(JSON.parse(readFileSync(join(out, 'tfjs.json'), 'utf8'))).toMatchObject({
      backend: 'cpu',
      loss: 'meanSquaredError',
    });
    const r = spawnSync(process.execPath, [CLI, 'diagnose', out, '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).verdict).toContain('dead-relu');
    const rep = spawnSync(process.execPath, [CLI, 'report', out], { encoding: 'utf8' });
    expect(rep.status).toBe(0);
    w.dispose();
  });

  it('refuses a model that was never compiled, in one line naming the model', () => {
    const model = mlp({ inputDim: 2, hidden: [4], out: 1, activation: 'relu', init: 'heNormal', seed: 0 });
    const x = tf.zeros([2, 2]);
    const y = tf.zeros([2, 1]);
    expect(() => watch(model, { probe: { x, y } })).toThrow(
      'watch: model: expected a compiled model (call model.compile({ optimizer, loss }) first), got a model that was never compiled',
    );
    tf.dispose([x, y]);
  });

  it('refuses a probe whose width does not match the model input', () => {
    const model = mlp({ inputDim: 2, hidden: [4], out: 1, activation: 'relu', init: 'heNormal', seed: 0 });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const x = tf.zeros([2, 3]);
    const y = tf.zeros([2, 1]);
    expect(() => watch(model, { probe: { x, y } })).toThrow(
      'watch: probe.x: expected shape [*, 2], got [2, 3]',
    );
    tf.dispose([x, y]);
  });

  it('leaks no tensor over 1,000 batches and restores the optimizer on dispose', async () => {
    const { x, y } = regression(16, 3, 5);
    const model = mlp({ inputDim: 3, hidden: [8], out: 1, activation: 'relu', init: 'heNormal', seed: 5 });
    const opt = tf.train.adam(0.01);
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const w = watch(model, { every: 50, probe: { x, y } });
    await model.trainOnBatch(x, y); // Adam creates its moment slots on the first step
    const before = tf.memory().numTensors;
    for (let i = 0; i < 999; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    expect(w.document().steps).toBe(1000);
    expect(Object.hasOwn(opt, 'applyGradients')).toBe(true);
    w.dispose();
    expect(Object.hasOwn(opt, 'applyGradients')).toBe(false);
    expect(opt.applyGradients).toBe(Object.getPrototypeOf(opt).applyGradients);
  });
});
