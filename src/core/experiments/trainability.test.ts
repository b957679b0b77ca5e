import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import {
  clustersCsv,
  DEFAULT_BUDGET,
  gaussianClusters,
  inProcessRunner,
  runTrainability,
  type Trial,
  trainabilityTrials,
} from './trainability.js';

describe('trainability', () => {
  it('is a grid of trials, each a valid train config with σ_w² and σ_b² = 0.05 in the theory’s settings', () => {
    const trials = trainabilityTrials({ depths: [10, 40], sigmaW2: [1, 2.5] }, DEFAULT_BUDGET, 3);
    expect(trials.map((t) => [t.depth, t.sigmaW2])).toEqual([
      [10, 1],
      [10, 2.5],
      [40, 1],
      [40, 2.5],
    ]);
    const c = resolveConfig({ ...trials[3]!.settings, data: 'xor' });
    expect([c.hidden.length, c.init, c.biasInit, c.activation]).toEqual([
      40,
      'variance-scaling:2.5',
      `normal:${Math.sqrt(0.05)}`,
      'tanh',
    ]);
  });

  it('10 Gaussian clusters in 32-D: 1000 training and 400 validation points, labels 0…9', () => {
    const { train, val } = gaussianClusters(1);
    expect([train.n, train.inputDim, train.numClasses, val.n]).toEqual([1000, 32, 10, 400]);
    expect(new Set(train.y).size).toBe(10);
  });

  it('runs every trial through the runner it is given and puts the 6ξ_c line over the grid', async () => {
    const seen: Trial[] = [];
    const r = await runTrainability({
      seed: 1,
      grid: { depths: [10, 30], sigmaW2: [1, 1.5] },
      runner: async (trials, csv, onDone) => {
        seen.push(...trials);
        expect(csv.split('\n').length).toBe(1 + 1400 + 1); // header, 1,400 points, the last newline
        onDone(trials.length);
        return trials.map((t) => ({
          trainAccuracy: 1,
          valAccuracy: t.depth === 10 ? 0.9 : 0.1,
          diverged: false,
        }));
      },
    });
    expect(seen).toHaveLength(4);
    expect(r.data.accuracy).toEqual([
      [0.9, 0.9],
      [0.1, 0.1],
    ]);
    // 6ξ_c = 6 · 3.63 at σ_w² = 1 and 6 · 15.8 at 1.5 (σ_b² = 0.05)
    expect(r.data.sixXi[0]).toBeCloseTo(21.76, 1);
    expect(r.data.sixXi[1]).toBeCloseTo(94.7, 0);
  });

  it('in process: a net under 6ξ_c trains, one far above it stays at chance (short budget, width 16)', async () => {
    const csv = clustersCsv(1);
    const budget = { ...DEFAULT_BUDGET, width: 16, steps: 200 };
    const [shallow] = trainabilityTrials({ depths: [8], sigmaW2: [1.5] }, budget, 1);
    const [deep] = trainabilityTrials({ depths: [60], sigmaW2: [1] }, budget, 1);
    const run = inProcessRunner({ seed: 1 });
    const [a, b] = await run([shallow!, deep!], csv, () => {});
    expect(a!.valAccuracy).toBeGreaterThan(0.5);
    expect(b!.valAccuracy).toBeLessThan(0.25);
  }, 60_000);
});
