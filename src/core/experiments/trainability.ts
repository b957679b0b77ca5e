// `trainability`: the phase diagram of Schoenholz et al. 2017 (Fig. 5), small. Accuracy after a fixed
// budget over depth L × σ_w², tanh, σ_b² = 0.05, on 10-class Gaussian clusters in 32 dimensions, with the
// 6ξ_c curve over it. The grid is data (one trial a cell) and a runner runs it: in process by default;
// the sweep engine can run the same trials (see `TrialRunner`).
// reference: Schoenholz et al. 2017, "Deep information propagation", §6 and Fig. 5 (L ≲ 6ξ_c)

import { type ConfigInput, resolveConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { referenceKernels } from '../kernels/reference.js';
import { createRng } from '../rng.js';
import { momentsOf, xiC } from '../theory/index.js';
import { createTrainer } from '../train/trainer.js';
import { progress, trainLoop } from './setup.js';
import type { ExperimentOptions, ExperimentResult, HeatmapChart, LineChart, Table } from './types.js';

export const TRAINABILITY_SIGMA_B2 = 0.05;
/** The default grid: ≤ 5 minutes on the 2-core machine of BENCHMARKS.md */
export const SMALL_GRID = { depths: [10, 20, 40, 70, 100], sigmaW2: [1, 1.5, 1.76, 2.5, 4] } as const;
/** --full: the paper's resolution, for many machines (a sweep) */
export const FULL_GRID = {
  depths: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
  sigmaW2: [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 3.75, 4],
} as const;

export interface TrainabilityBudget {
  readonly width: number;
  readonly steps: number;
  readonly batchSize: number;
  readonly lr: number;
}
export const DEFAULT_BUDGET: TrainabilityBudget = { width: 32, steps: 300, batchSize: 32, lr: 0.01 };

/** One cell of the grid: the settings of one `gradscope train` run (a sweep trial). */
export interface Trial {
  readonly depth: number;
  readonly sigmaW2: number;
  readonly settings: ConfigInput;
}

export interface TrialOutcome {
  readonly trainAccuracy: number | null;
  readonly valAccuracy: number | null;
  readonly diverged: boolean;
}

/** Runs one trial on `data`; the default trains it in process. A sweep runner would ship `settings`. */
export type TrialRunner = (trial: Trial, data: { train: Dataset; val: Dataset }) => Promise<TrialOutcome>;

export interface TrainabilityOptions extends ExperimentOptions {
  readonly full?: boolean;
  readonly grid?: { readonly depths: readonly number[]; readonly sigmaW2: readonly number[] };
  readonly budget?: Partial<TrainabilityBudget>;
  readonly runner?: TrialRunner;
}

/** 10 Gaussian clusters in 32-D: centres N(0, I), points centre + N(0, 0.6² I), 100 train + 40 val a class. */
export function gaussianClusters(seed: number, classes = 10, dim = 32): { train: Dataset; val: Dataset } {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rng.normal()));
  const make = (perClass: number, name: string): Dataset => {
    const n = perClass * classes;
    const x = new Float64Array(n * dim);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % classes;
      y[i] = k;
      for (let d = 0; d < dim; d++) x[i * dim + d] = centres[k]![d]! + 0.6 * rng.normal();
    }
    return { name, x, y, n, inputDim: dim, targetDim: 1, task: 'multiclass', numClasses: classes };
  };
  return { train: make(100, 'clusters-train'), val: make(40, 'clusters-val') };
}

/** The grid as trials: each a tanh run with W ~ N(0, σ_w²/fan_in), b ~ N(0, 0.05). */
export function trainabilityTrials(
  grid: { readonly depths: readonly number[]; readonly sigmaW2: readonly number[] },
  budget: TrainabilityBudget,
  seed: number,
): Trial[] {
  return grid.depths.flatMap((depth) =>
    grid.sigmaW2.map((sigmaW2) => ({
      depth,
      sigmaW2,
      settings: {
        depth,
        width: budget.width,
        activation: 'tanh',
        init: `variance-scaling:${sigmaW2}`,
        biasInit: `normal:${Math.sqrt(TRAINABILITY_SIGMA_B2)}`,
        optimizer: 'sgd',
        lr: budget.lr,
        batchSize: budget.batchSize,
        steps: budget.steps,
        logEvery: budget.steps,
        loss: 'ce',
        seed,
      },
    })),
  );
}

/** The in-process runner: the trial's settings through resolveConfig and createTrainer, as `train` does. */
export function inProcessRunner(opts: ExperimentOptions): TrialRunner {
  return async (trial, data) => {
    const config = resolveConfig({ ...trial.settings, data: 'clusters' });
    const kernels = opts.kernels ? await opts.kernels() : referenceKernels;
    const trainer = createTrainer(config, data, { kernels });
    const loop = trainLoop(trainer);
    if (loop.divergedAt !== null) return { trainAccuracy: null, valAccuracy: null, diverged: true };
    return {
      trainAccuracy: trainer.evaluate(data.train).accuracy ?? null,
      valAccuracy: trainer.evaluate(data.val).accuracy ?? null,
      diverged: false,
    };
  };
}

export interface TrainabilityData {
  readonly depths: readonly number[];
  readonly sigmaW2: readonly number[];
  readonly budget: TrainabilityBudget;
  /** accuracy[depth][σ_w²] on the validation clusters (null: diverged) */
  readonly accuracy: readonly (readonly (number | null)[])[];
  /** 6ξ_c at each σ_w² (capped at the largest depth ×2 for drawing) */
  readonly sixXi: readonly number[];
}

/** A cell trains if its validation accuracy is at least this (chance is 10%). */
export const TRAINED_ACCURACY = 0.5;

export async function runTrainability(
  opts: TrainabilityOptions,
): Promise<ExperimentResult<TrainabilityData>> {
  const grid = opts.grid ?? (opts.full ? FULL_GRID : SMALL_GRID);
  const budget = { ...DEFAULT_BUDGET, ...opts.budget };
  const data = gaussianClusters(opts.seed);
  const runner = opts.runner ?? inProcessRunner(opts);
  const trials = trainabilityTrials(grid, budget, opts.seed);
  const accuracy = grid.depths.map(() => grid.sigmaW2.map((): number | null => null));
  for (const [i, trial] of trials.entries()) {
    const out = await runner(trial, data);
    accuracy[grid.depths.indexOf(trial.depth)]![grid.sigmaW2.indexOf(trial.sigmaW2)] = out.valAccuracy;
    progress(opts, i + 1, trials.length, `trainability: L = ${trial.depth}, σ_w² = ${trial.sigmaW2}`);
  }
  const m = momentsOf('tanh');
  const sixXi = grid.sigmaW2.map((s) => 6 * xiC(m, { sigmaW2: s, sigmaB2: TRAINABILITY_SIGMA_B2 }));
  return trainabilityResult(
    { depths: grid.depths, sigmaW2: grid.sigmaW2, budget, accuracy, sixXi },
    opts.seed,
  );
}

function trainabilityResult(data: TrainabilityData, seed: number): ExperimentResult<TrainabilityData> {
  const { depths, sigmaW2, accuracy, sixXi, budget } = data;
  const cap = 2 * Math.max(...depths);
  const heat: HeatmapChart = {
    kind: 'heatmap',
    title: `Validation accuracy after ${budget.steps} SGD steps (tanh, width ${budget.width}, σ_b² = ${TRAINABILITY_SIGMA_B2}); chance 10%`,
    xLabel: 'σ_w²',
    yLabel: 'depth L',
    x: [...sigmaW2],
    y: [...depths],
    values: accuracy,
    colorLabel: 'accuracy',
    colorLog: false,
  };
  const curve: LineChart = {
    kind: 'line',
    title: 'The trainable region L ≲ 6ξ_c (Schoenholz et al. 2017, white dashed line of Fig. 5)',
    xLabel: 'σ_w²',
    yLabel: 'depth L',
    x: [...sigmaW2],
    series: [
      { label: '6ξ_c', y: sixXi.map((v) => Math.min(v, cap)), dashed: true },
      ...depths.map((L, i) => ({
        label: `trains at L = ${L}`,
        y: sigmaW2.map((_, j) => ((accuracy[i]![j] ?? 0) >= TRAINED_ACCURACY ? L : null)),
        points: true,
      })),
    ],
  };
  const table: Table = {
    title: 'Validation accuracy per cell (★ = at or under 6ξ_c)',
    columns: ['depth L', ...sigmaW2.map((s) => `σ_w² = ${s}`)],
    rows: depths.map((L, i) => [
      L,
      ...sigmaW2.map((_, j) => {
        const a = accuracy[i]![j];
        const under = L <= sixXi[j]! ? '★' : '';
        return a === null ? `diverged${under}` : `${(100 * a).toFixed(0)}%${under}`;
      }),
    ]),
    note: `6ξ_c: ${sigmaW2.map((s, j) => `${s} → ${Number.isFinite(sixXi[j]!) ? sixXi[j]!.toFixed(0) : '∞'}`).join(', ')}. A cell trains at ≥ ${100 * TRAINED_ACCURACY}% validation accuracy.`,
  };
  let under = 0;
  let underTrained = 0;
  let farAbove = 0;
  let farAboveTrained = 0;
  depths.forEach((L, i) => {
    sigmaW2.forEach((_, j) => {
      const ok = (accuracy[i]![j] ?? 0) >= TRAINED_ACCURACY;
      if (L <= sixXi[j]!) {
        under++;
        if (ok) underTrained++;
      } else if (L >= 2 * sixXi[j]!) {
        farAbove++;
        if (ok) farAboveTrained++;
      }
    });
  });
  return {
    name: 'trainability',
    title: 'Trainability: depth against σ_w², with the 6ξ_c line',
    claim:
      'Signals propagate through about ξ_c layers; networks train only if L ≲ 6ξ_c, which diverges at the edge of chaos (χ₁ = 1).',
    seed,
    findings: [
      `${underTrained} of ${under} cells at or under 6ξ_c train (≥ ${100 * TRAINED_ACCURACY}% validation accuracy); ${farAboveTrained} of ${farAbove} cells above 2·6ξ_c do.`,
      `The budget is short (${budget.steps} SGD steps, lr ${budget.lr}, width ${budget.width}): L ≲ 6ξ_c is necessary, not sufficient — near the edge of chaos ξ_c is huge, yet deep nets still need more steps than this budget gives them.`,
    ],
    tables: [table],
    charts: [heat, curve],
    data,
  };
}
