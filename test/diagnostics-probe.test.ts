// Jacobian probes against independent truth: finite-difference Jacobians in float64, the notes' bound
// ‖J‖ ≤ Π‖D_l‖ on random networks, and bit-identical training with and without probes.

import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../src/core/activations.js';
import { type ConfigInput, resolveConfig } from '../src/core/config.js';
import { createProber } from '../src/core/diagnostics/probe.js';
import { sharpnessPoints } from '../src/core/diagnostics/sharpness.js';
import { createTrainer, type Trainer } from '../src/core/train/trainer.js';
import { randomDataset } from './helpers/gradcheck.js';

function trainer(input: ConfigInput, n = 12, inputDim = 3): Trainer {
  const config = resolveConfig({ valSplit: 0, batchSize: 'full', seed: 11, ...input });
  return createTrainer(config, { train: randomDataset(n, inputDim, 'multiclass', 3), val: null });
}

/** ‖∂logits/∂x‖₂ of example `row` by central differences of the float64 forward, then the exact 2-norm. */
function finiteDifferenceNorm(t: Trainer, row: number): number {
  const { model } = t;
  const D = model.spec.inputDim;
  const K = model.spec.outputDim;
  const x0 = t.data.train.x.slice(row * D, (row + 1) * D);
  const logitsAt = (x: Float64Array): Float64Array => {
    for (let d = 0; d < D; d++) model.input[d] = x[d]!;
    return Float64Array.from(model.forward(1, 'eval').subarray(0, K));
  };
  const h = 1e-5;
  const J: number[][] = Array.from({ length: K }, () => new Array<number>(D).fill(0));
  for (let d = 0; d < D; d++) {
    const xp = x0.slice();
    const xm = x0.slice();
    xp[d] += h;
    xm[d] -= h;
    const fp = logitsAt(xp);
    const fm = logitsAt(xm);
    for (let k = 0; k < K; k++) J[k]![d] = (fp[k]! - fm[k]!) / (2 * h);
  }
  // largest eigenvalue of JᵀJ (D×D) by many power steps on the exact matrix
  let v = new Array<number>(D).fill(1).map((_, i) => 1 + i * 0.37);
  let lambda = 0;
  for (let it = 0; it < 2000; it++) {
    const Jv = J.map((r) => r.reduce((s, a, i) => s + a * v[i]!, 0));
    const w = v.map((_, i) => J.reduce((s, r, k) => s + r[i]! * Jv[k]!, 0));
    lambda = Math.hypot(...w);
    v = w.map((a) => a / lambda);
  }
  return Math.sqrt(lambda);
}

describe('Jacobian probes', () => {
  it.each(['tanh', 'relu', 'sigmoid', 'gelu'])(
    'end-to-end ‖∂logits/∂x‖ of one example matches a finite-difference Jacobian (%s, float64)',
    (activation) => {
      const t = trainer(
        { activation, hidden: [5, 4], dtype: 'float64', init: 'xavier-normal', biasInit: 0.1 },
        1,
      );
      const p = createProber(t, { iterations: 60 }).probe(0);
      expect(p.batch).toBe(1);
      expect(p.endToEndMean / finiteDifferenceNorm(t, 0) - 1).toBeCloseTo(0, 6);
    },
  );

  it('end-to-end ‖∂logits/∂x‖ through layers wider than the exact path (3 inputs, 3 classes: measured exactly) matches finite differences at every example', () => {
    const t = trainer(
      { activation: 'tanh', hidden: [40, 30], dtype: 'float64', init: 'xavier-normal', biasInit: 0.1 },
      4,
    );
    const p = createProber(t).probe(0);
    const want = [0, 1, 2, 3].map((r) => finiteDifferenceNorm(t, r));
    expect(p.endToEndMax / Math.max(...want) - 1).toBeCloseTo(0, 6);
    expect(p.endToEndMean / (want.reduce((a, b) => a + b, 0) / 4) - 1).toBeCloseTo(0, 6);
    expect(p.boundHolds).toBe(true);
  });

  const cases: [string, ConfigInput][] = [
    ...ACTIVATION_NAMES.map((a): [string, ConfigInput] => [a, { activation: a }]),
    ['residual tanh', { activation: 'tanh', residual: true }],
    ['residual relu, s = 1/√L', { activation: 'relu', residual: true, residualScale: 'auto' }],
    ['layer norm, tanh', { activation: 'tanh', norm: 'layer' }],
    ['batch norm (eval: running statistics), relu', { activation: 'relu', norm: 'batch' }],
    ['layer norm + residual, gelu', { activation: 'gelu', norm: 'layer', residual: true }],
    ['dropout 0.3 (eval: identity), elu', { activation: 'elu', dropout: 0.3 }],
  ];
  it.each(cases)(
    'the bound ‖J(x)‖ ≤ Π_l ‖D_l(x)‖ holds on every example of a random net (%s)',
    (_, input) => {
      for (const seed of [1, 2, 3]) {
        const t = trainer({ depth: 4, width: 6, init: 'he-normal', biasInit: 0.1, seed, ...input });
        const p = createProber(t).probe(0);
        expect(p.boundHolds).toBe(true);
        expect(p.endToEndMean).toBeGreaterThan(0);
        expect(p.endToEndMean).toBeLessThanOrEqual(p.boundMean * (1 + p.boundTolerance));
        for (const l of p.layers) expect(l.jacobianMax).toBeGreaterThanOrEqual(l.jacobianMean);
      }
    },
  );

  it.each([
    ['residual relu', { activation: 'relu', residual: true }],
    ['batch norm + dropout, tanh', { activation: 'tanh', norm: 'batch', dropout: 0.2 }],
    ['layer norm, momentum', { activation: 'relu', norm: 'layer', optimizer: 'momentum' }],
  ] as [string, ConfigInput][])('probing between steps leaves training bit-identical (%s)', (_, extra) => {
    const input: ConfigInput = { depth: 3, width: 8, batchSize: 4, ...extra };
    const a = trainer(input);
    const b = trainer(input);
    const prober = createProber(a);
    prober.probe(0);
    for (let s = 0; s < 10; s++) {
      a.step();
      prober.probe(a.stepCount);
      b.step();
    }
    expect(Array.from(a.model.params)).toEqual(Array.from(b.model.params));
    for (let k = 0; k < a.model.state.length; k++) {
      expect(Array.from(a.model.state[k]!.value)).toEqual(Array.from(b.model.state[k]!.value));
    }
  });

  it.each([
    ['binary, 2D grid', 'binary', 2, 'bce', 1600],
    ['3 classes, 2D grid (jvp columns)', 'multiclass', 2, 'ce', 1600],
    ['3 classes, 5D data points (vjp rows)', 'multiclass', 5, 'ce', 30],
    ['regression, 1D line', 'regression', 1, 'mse', 200],
  ] as const)(
    'sharpness matches finite differences of f = σ/softmax/value at every point (%s)',
    (_, task, D, loss, points) => {
      const config = resolveConfig({
        hidden: [6, 5],
        activation: 'tanh',
        dtype: 'float64',
        valSplit: 0,
        batchSize: 'full',
        loss,
        seed: 3,
      });
      // three classes for the multiclass case; a binary set's labels are 0 and 1
      const ds = randomDataset(30, D, task, task === 'binary' ? 2 : 3);
      const data = task === 'regression' ? { ...ds, y: ds.y.subarray(0, 30), targetDim: 1 } : ds;
      const t = createTrainer(config, { train: data, val: null });
      const p = createProber(t).probe(0);
      expect(p.sharpness.points).toBe(points);
      const pts = sharpnessPoints(data);
      const K = t.model.spec.outputDim;
      const f = (x: Float64Array): Float64Array => {
        for (let d = 0; d < D; d++) t.model.input[d] = x[d]!;
        const z = Float64Array.from(t.model.forward(1, 'eval').subarray(0, K));
        if (loss === 'bce') return z.map((v) => 1 / (1 + Math.exp(-v)));
        if (loss === 'ce') {
          const e = z.map((v) => Math.exp(v));
          const s = e.reduce((a, b) => a + b, 0);
          return e.map((v) => v / s);
        }
        return z;
      };
      let sum = 0;
      let max = 0;
      for (let i = 0; i < pts.count; i++) {
        const x0 = pts.x.slice(i * D, (i + 1) * D);
        const J: number[][] = [];
        for (let d = 0; d < D; d++) {
          const xp = x0.slice();
          const xm = x0.slice();
          xp[d] += 1e-5;
          xm[d] -= 1e-5;
          const fp = f(xp);
          const fm = f(xm);
          J.push(Array.from(fp, (v, k) => (v - fm[k]!) / 2e-5)); // J[d][k] = ∂f_k/∂x_d
        }
        const s = spectral(J);
        sum += s;
        max = Math.max(max, s);
      }
      expect(p.sharpness.mean / (sum / pts.count) - 1).toBeCloseTo(0, 6);
      expect(p.sharpness.max / max - 1).toBeCloseTo(0, 6);
    },
  );
});

/** ‖A‖₂ of a small dense matrix (rows of equal length) by 500 power steps on AᵀA. */
function spectral(A: number[][]): number {
  const n = A[0]!.length;
  let v = Array.from({ length: n }, (_, i) => 1 + 0.31 * i);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const Av = A.map((r) => r.reduce((s, a, i) => s + a * v[i]!, 0));
    const w = v.map((_, i) => A.reduce((s, r, k) => s + r[i]! * Av[k]!, 0));
    lambda = Math.hypot(...w);
    if (lambda === 0) return 0;
    v = w.map((a) => a / lambda);
  }
  return Math.sqrt(lambda);
}
