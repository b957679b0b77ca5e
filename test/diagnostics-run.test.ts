// The diagnostics in the run document: what runTraining adds, when probes run, and that it stays
// deterministic apart from the probes' wall times.

import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../src/core/config.js';
import { prepareData } from '../src/core/data/prepare.js';
import { createInstruments } from '../src/core/diagnostics/instruments.js';
import type { ProbeRecord } from '../src/core/diagnostics/probe.js';
import { layerStatsFrom, measureLayers } from '../src/core/train/layer-stats.js';
import { type RunOptions, runTraining, type TrainResult } from '../src/core/train/run.js';
import { createTrainer } from '../src/core/train/trainer.js';

function run(input: ConfigInput, options: RunOptions = {}, onProbe?: (p: ProbeRecord) => void): TrainResult {
  const config = resolveConfig({
    data: 'moons',
    samples: 120,
    hidden: [6, 5],
    steps: 30,
    logEvery: 10,
    ...input,
  });
  return runTraining(createTrainer(config, prepareData(config)), onProbe ? { onProbe } : {}, options);
}

describe('runTraining diagnostics', () => {
  it('probes at init and at the end by default, and every probeEvery steps when set', () => {
    expect(run({}).probes.map((p) => p.step)).toEqual([0, 30]);
    const seen: number[] = [];
    const r = run({ probeEvery: 10 }, {}, (p) => seen.push(p.step));
    expect(r.probes.map((p) => p.step)).toEqual([0, 10, 20, 30]);
    expect(seen).toEqual([0, 10, 20, 30]);
    expect(run({ steps: 0 }).probes.map((p) => p.step)).toEqual([0]);
  });

  it('each probe reports per-layer ‖D_l‖ and ‖W_l‖₂, the end-to-end norm, the bound and its wall time', () => {
    const p = run({}).probes[1]!;
    expect(p.layers).toHaveLength(3);
    expect(p.boundHolds).toBe(true);
    expect(p.ms).toBeGreaterThan(0);
    expect(p.sharpness.points).toBe(1600);
    expect(run({}, { clock: null }).probes[0]).not.toHaveProperty('ms');
  });

  it('every history entry carries per-layer instruments; layers merge them with the last probe', () => {
    const r = run({});
    expect(r.history.map((h) => h.step)).toEqual([1, 10, 20, 30]);
    for (const h of r.history) {
      expect(h.instruments).toHaveLength(3);
      expect(h.instruments![0]!.updateRatio).toBeGreaterThan(0);
      expect(h.instruments![0]!.meanDerivative).toBeGreaterThan(0);
    }
    const l0 = r.layers[0]!;
    expect(l0).toMatchObject({ index: 0, activation: 'tanh' });
    expect(l0.updateRatio).toBe(r.history.at(-1)!.instruments![0]!.updateRatio);
    expect(l0.jacobianMean).toBe(r.probes.at(-1)!.layers[0]!.jacobianMean);
    expect(l0.weightSpectralNorm).toBeLessThanOrEqual(l0.weightNorm);
    expect(r.clipping).toEqual({
      clippedSteps: 0,
      steps: 30,
      fraction: 0,
      firstClippedStep: null,
      maxPreNorm: expect.any(Number),
    });
    expect(r.baseline.constantLoss).toBeGreaterThan(0.6);
    expect(r.nonFinite).toBeNull();
  });

  it('layer stats taken from the instruments equal measureLayers bit for bit', () => {
    const config = resolveConfig({ data: 'moons', samples: 120, hidden: [6, 5], activation: 'relu' });
    const t = createTrainer(config, prepareData(config));
    const inst = createInstruments(t.model);
    inst.rememberWeights();
    const rec = t.step();
    inst.measure(rec.batchSize);
    expect(layerStatsFrom(t.model, inst.read())).toEqual(measureLayers(t.model, rec.batchSize));
  });

  it('counts clipping events from the trainer', () => {
    const r = run({ clipNorm: 1e-3 });
    expect(r.clipping).toMatchObject({ clippedSteps: 30, fraction: 1, firstClippedStep: 1 });
  });

  it('with instruments and probes off the document keeps its shape without them', () => {
    const r = run({}, { instruments: false, probes: false });
    expect(r.probes).toEqual([]);
    expect(r.history[0]).not.toHaveProperty('instruments');
    expect(r.layers[0]).not.toHaveProperty('updateRatio');
    expect(r.diagnosis.verdict).toBe('healthy');
  });

  it('at --steps 0 the instruments describe the initial network, with no update ratio', () => {
    const r = run({ steps: 0 });
    expect(r.history).toHaveLength(1);
    expect(r.history[0]!.instruments![1]!.updateRatio).toBeNull();
    expect(r.history[0]!.instruments![1]!.signalRatio).toBeGreaterThan(0);
  });

  it('the same seed gives the same document, wall times aside', () => {
    const strip = (r: TrainResult) => ({ ...r, probes: r.probes.map(({ ms: _ms, ...p }) => p) });
    expect(strip(run({ probeEvery: 15 }))).toEqual(strip(run({ probeEvery: 15 })));
  });
});
