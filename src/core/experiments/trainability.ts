// `trainability`: the phase diagram of Schoenholz et al. 2017 (Fig. 5), small. Accuracy after a fixed
// budget over depth L × σ_w², tanh, σ_b² = 0.05, on 10-class Gaussian clusters in 32 dimensions, with the
// 6ξ_c curve over it. The grid is data (one trial a cell: the settings of one `gradscope train` run on
// the clusters' CSV text) and a runner runs it: `gradscope experiment trainability` hands the trials to
// the sweep engine (runSweep, on every core; src/cli/trainability-sweep.ts); the library's default runs
// them in process. Both read the same CSV text through prepareData, so they give the same numbers.
// reference: Schoenholz et al. 2017, "Deep information propagation", §6 and Fig. 5 (L ≲ 6ξ_c)

import { type ConfigInput, resolveConfig } from '../config.js';
import { toCsv } from '../data/csv.js';
import { prepareData } from '../data/prepare.js';
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

/**
 * Runs the trials, each `train` with its settings on the clusters' CSV text (`data` is set by the runner:
 * a file of that text, or CLUSTERS_FILE in process); calls `onDone(k)` as trials finish; returns the
 * outcomes in the trials' order.
 */
export type TrialRunner = (
  trials: readonly Trial[],
  csv: string,
  onDone: (done: number) => void,
) => Promise<TrialOutcome[]>;

/** The name the in-process runner gives the clusters' CSV text. */
export const CLUSTERS_FILE = 'clusters.csv';
/** 400 of the 1,400 cluster points validate (40 a class in expectation; the split is train's, seeded). */
export const CLUSTERS_VAL_SPLIT = 400 / 1400;

/** The clusters (training points, then validation points) as one CSV text, 32 features and a label. */
export function clustersCsv(seed: number): string {
  const { train, val } = gaussianClusters(seed);
  return toCsv(train) + toCsv(val).slice(toCsv(val).indexOf('\n') + 1);
}

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
        valSplit: CLUSTERS_VAL_SPLIT,
        seed,
      },
    })),
  );
}

/** The in-process runner: each trial's settings through resolveConfig, prepareData and a trainer, as `train` does. */
export function inProcessRunner(opts: ExperimentOptions): TrialRunner {
  return async (trials, csv, onDone) => {
    const out: TrialOutcome[] = [];
    for (const trial of trials) {
      const config = resolveConfig({ ...trial.settings, data: CLUSTERS_FILE });
      const data = prepareData(config, csv);
      const kernels = opts.kernels ? await opts.kernels() : referenceKernels;
      const trainer = createTrainer(config, data, { kernels });
      const loop = trainLoop(trainer);
      out.push(
        loop.divergedAt !== null
          ? { trainAccuracy: null, valAccuracy: null, diverged: true }
          : {
              trainAccuracy: trainer.evaluate(data.train).accuracy ?? null,
              valAccuracy: data.val ? (trainer.evaluate(data.val).accuracy ?? null) : null,
              diverged: false,
            },
      );
      onDone(out.length);
    }
    return out;
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
  const runner = opts.runner ?? inProcessRunner(opts);
  const trials = trainabilityTrials(grid, budget, opts.seed);
  const accuracy = grid.depths.map(() => grid.sigmaW2.map((): number | null => null));
  const outcomes = await runner(trials, clustersCsv(opts.seed), (done) =>
    progress(opts, done, trials.length, `trainability: ${done} of ${trials.length} trials`),
  );
  for (const [i, trial] of trials.entries()) {
    accuracy[grid.depths.indexOf(trial.depth)]![grid.sigmaW2.indexOf(trial.sigmaW2)] =
      outcomes[i]!.valAccuracy;
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
