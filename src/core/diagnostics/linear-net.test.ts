// A linear network whose every weight matrix is c·I: D_l = c·I exactly, so every measured factor has a
// closed form (signalRatio = c, ‖D_l‖ = ‖W_l‖₂ = c, ‖J‖ = c^L) to hold the instruments and probes to.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { createTrainer, type Trainer } from '../train/trainer.js';
import { createInstruments } from './instruments.js';
import { createProber } from './probe.js';

const N = 4;

function scaledIdentityNet(c: number, depth: number, dtype: 'float32' | 'float64' = 'float64'): Trainer {
  const n = 16;
  const x = Float64Array.from({ length: n * N }, (_, i) => Math.sin(1.7 * i + 0.3));
  const y = Float64Array.from({ length: n * N }, (_, i) => Math.cos(0.9 * i));
  const data: Dataset = { name: 'lin', x, y, n, inputDim: N, targetDim: N, task: 'regression' };
  const config = resolveConfig({
    hidden: Array.from({ length: depth }, () => N).join(','),
    activation: 'linear',
    loss: 'mse',
    dtype,
    batchSize: 'full',
    valSplit: 0,
  });
  const trainer = createTrainer(config, { train: data, val: null });
  for (const t of trainer.model.tensors) {
    t.value.fill(0);
    if (t.name.endsWith('.weight')) for (let i = 0; i < N; i++) t.value[i * N + i] = c;
  }
  return trainer;
}

describe('instruments and probes on a linear network with W_l = c·I', () => {
  it.each([0.5, 0.9, 2])('signalRatio is exactly c = %s at every layer', (c) => {
    const trainer = scaledIdentityNet(c, 5);
    const inst = createInstruments(trainer.model);
    const rec = trainer.gradients();
    inst.measure(rec.batchSize);
    const layers = inst.read();
    expect(layers).toHaveLength(6);
    for (const l of layers.slice(0, -1)) expect(l.signalRatio! / c - 1).toBeCloseTo(0, 12);
    expect(layers.at(-1)!.signalRatio).toBeNull();
    for (const l of layers.slice(0, -1)) expect(l.meanDerivative).toBe(1);
  });

  it.each([0.5, 0.9, 1.5])('the end-to-end Jacobian norm is exactly c^L (c = %s, L = 6)', (c) => {
    const trainer = scaledIdentityNet(c, 5);
    const p = createProber(trainer).probe(0);
    const L = 6;
    expect(p.endToEndMean / c ** L - 1).toBeCloseTo(0, 10);
    expect(p.endToEndMax / c ** L - 1).toBeCloseTo(0, 10);
    for (const l of p.layers) {
      expect(l.jacobianMean / c - 1).toBeCloseTo(0, 10);
      expect(l.weightSpectralNorm / c - 1).toBeCloseTo(0, 10);
    }
    expect(p.boundMean / c ** L - 1).toBeCloseTo(0, 10);
    expect(p.boundHolds).toBe(true);
  });

  it('a 60-layer chain with c = 0.1 measures 1e-61 in float32 (rows are renormalised between blocks)', () => {
    const trainer = scaledIdentityNet(0.1, 60, 'float32');
    const p = createProber(trainer, { iterations: 3 }).probe(0);
    expect(Math.log10(p.endToEndMean)).toBeCloseTo(-61, 4);
    expect(p.boundHolds).toBe(true);
  });

  it('update ratio is ‖ΔW‖/‖W‖ of the actual step', () => {
    const trainer = scaledIdentityNet(0.9, 2);
    const inst = createInstruments(trainer.model);
    const before = trainer.model.blocks.map((b) => Float64Array.from(b.dense.weight));
    inst.rememberWeights();
    const rec = trainer.step();
    inst.measure(rec.batchSize);
    trainer.model.blocks.forEach((b, l) => {
      let d = 0;
      let w = 0;
      b.dense.weight.forEach((v, i) => {
        d += (v - before[l]![i]!) ** 2;
        w += before[l]![i]! ** 2;
      });
      expect(inst.read()[l]!.updateRatio).toBeCloseTo(Math.sqrt(d / w), 14);
    });
  });
});
