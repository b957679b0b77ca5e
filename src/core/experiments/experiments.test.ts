import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm/index.js';
import { runActivations } from './activations.js';
import { runExploding } from './exploding.js';
import { runModes } from './modes.js';
import { EXPERIMENT_NAMES, EXPERIMENTS } from './registry.js';
import type { Chart, ExperimentResult } from './types.js';

const kernels = () => createWasmKernels({ memoryBytes: 32 << 20 });

function seriesLengthsMatch(chart: Chart): boolean {
  if (chart.kind === 'line') return chart.series.every((s) => s.y.length === chart.x.length);
  if (chart.kind === 'bars') return chart.series.every((s) => s.y.length === chart.categories.length);
  if (chart.kind === 'heatmap') return chart.values.length === chart.y.length;
  return chart.values.length === chart.resolution ** 2;
}

function checkShape(r: ExperimentResult): void {
  expect(r.tables.length).toBeGreaterThan(0);
  for (const t of r.tables) for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
  for (const c of r.charts) expect(seriesLengthsMatch(c)).toBe(true);
}

describe('experiments', () => {
  it('the registry names every experiment', () => {
    expect(Object.keys(EXPERIMENTS).sort()).toEqual([...EXPERIMENT_NAMES].sort());
  });

  it('activations: sigmoid shrinks the signal ~0.25× per layer, ReLU+He ~1×, and the notes’ bound holds', async () => {
    const r = await runActivations({ seed: 1 });
    checkShape(r);
    const deepest = (a: string) => r.data.runs.filter((x) => x.activation === a).at(-1)!;
    expect(deepest('sigmoid').perLayerFactor).toBeLessThan(0.25 + 1e-9);
    expect(deepest('relu').perLayerFactor).toBeGreaterThan(0.8);
    expect(deepest('relu').perLayerFactor).toBeLessThan(1.25);
    for (const run of r.data.runs) expect(run.boundHolds).toBe(true);
  });

  it('exploding: 2× He std grows the signal ~2× per layer; unfixed it diverges, LayerNorm and He train', async () => {
    const r = await runExploding({ seed: 1, steps: 40, kernels });
    checkShape(r);
    for (const g of r.data.growth) expect(g.perLayerFactor).toBeGreaterThan(1.8);
    const fix = (name: string) => r.data.fixes.find((f) => f.name === name)!;
    expect(fix('none (2× He std)').diverged).toBe(true);
    expect(fix('LayerNorm').diverged).toBe(false);
    expect(fix('He init').diverged).toBe(false);
    expect(fix('clip-norm 1').clippedSteps).toBeGreaterThan(0);
  });

  it('modes: the gradient-estimate variance follows σ²(N−b)/(b(N−1)), and is 0 in batch mode', async () => {
    const r = await runModes({ seed: 1, epochs: 3, kernels });
    checkShape(r);
    for (const m of r.data.runs) {
      if (m.batchSize === r.data.n) expect(m.gradVariance).toBe(0);
      else expect(m.gradVariance / m.gradVarianceTheory).toBeGreaterThan(0.6);
      expect(m.updates).toBe((3 * r.data.n) / m.batchSize);
    }
  });

  it('is deterministic: the same seed gives the same numbers', async () => {
    const a = await runModes({ seed: 3, epochs: 1 });
    const b = await runModes({ seed: 3, epochs: 1 });
    expect(JSON.stringify(a.data)).toBe(JSON.stringify(b.data));
  });
});
