// Building a trainer for one experiment run: the same path as `gradscope train` (resolveConfig →
// prepareData → createTrainer), so an experiment measures exactly what the CLI would.

import { type ConfigInput, resolveConfig } from '../config.js';
import { DATA_SETS, isDataSetName } from '../data/catalog.js';
import { prepareData } from '../data/prepare.js';
import { referenceKernels } from '../kernels/reference.js';
import { openSession } from '../train/session.js';
import { createTrainer, type Trainer } from '../train/trainer.js';
import type { ExperimentOptions } from './types.js';

export async function experimentTrainer(input: ConfigInput, opts: ExperimentOptions): Promise<Trainer> {
  const config = resolveConfig(input);
  const data = prepareData(config, isDataSetName(config.data) ? opts.load?.(config.data) : undefined);
  // NOTE: float64 runs stay on the reference kernels (the WASM module is float32 only).
  const kernels = config.dtype === 'float64' || !opts.kernels ? referenceKernels : await opts.kernels();
  return createTrainer(config, data, { kernels });
}

/**
 * The experiment's own data (`own`), or the data set of `--data` (opts.data) in its place: `train`
 * training rows of an image set (all of a small one such as iris) and `val` validation rows, or none.
 */
export function dataInput(
  opts: ExperimentOptions,
  own: ConfigInput,
  rows: { readonly train: number; readonly val: number },
): ConfigInput {
  const name = opts.data;
  if (name === undefined) return own;
  const pixels = isDataSetName(name) && DATA_SETS[name].pixels;
  return {
    data: name,
    valSplit: rows.val === 0 ? 0 : 0.2,
    ...(pixels ? { trainSize: rows.train, ...(rows.val > 0 ? { valSize: rows.val } : {}) } : {}),
  };
}

/** The data an experiment ran on, for its titles. */
export const dataName = (opts: ExperimentOptions, own: string): string => opts.data ?? own;

/** Report progress as (i + 1) / n of a sweep, with the label of what just finished. */
export function progress(opts: ExperimentOptions, done: number, total: number, label: string): void {
  opts.onProgress?.(Math.min(1, done / total), label);
}

/** Geometric mean of ratios a[k+1]/a[k]: the per-layer factor of a sequence that moves exponentially. */
export function perStepFactor(first: number, last: number, steps: number): number {
  if (steps <= 0 || !(first > 0) || !(last > 0)) return Number.NaN;
  return (last / first) ** (1 / steps);
}

/** Geometric mean of positive values: the typical per-layer factor of a product of per-layer ratios. */
export const geoMean = (v: readonly number[]): number =>
  Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / Math.max(1, v.length));

/** log10-spaced x values (inclusive), for sweeps such as λ = 1e-5 … 1. */
export function logSpace(from: number, to: number, count: number): number[] {
  const a = Math.log10(from);
  const b = Math.log10(to);
  return Array.from({ length: count }, (_, i) => 10 ** (a + ((b - a) * i) / Math.max(1, count - 1)));
}

export interface LoopResult {
  /** steps at which the full training set was evaluated (0 = before the first update) */
  readonly steps: number[];
  /** full-training-set loss at those steps (null once diverged) */
  readonly loss: (number | null)[];
  /** largest global gradient norm seen (pre-clip) */
  readonly maxGradNorm: number;
  /** the first step whose loss or gradient was not finite, or null */
  readonly divergedAt: number | null;
  /** updates applied */
  readonly stepsDone: number;
}

/**
 * Train `trainer` to its planned steps in a session without instruments or probes, evaluating the whole
 * training set at every logged step (config.logEvery, history[].train), and stop at the first
 * non-finite loss or gradient (a diverged run, reported rather than thrown).
 */
export function trainLoop(trainer: Trainer): LoopResult {
  const total = trainer.plan.totalSteps;
  const every = trainer.config.logEvery;
  const steps: number[] = [0];
  const loss: (number | null)[] = [finiteOrNull(trainer.evaluate(trainer.data.train).loss)];
  let divergedAt: number | null = loss[0] === null ? 0 : null;
  let infiniteGrad = false;
  const session = openSession(trainer, {
    instruments: false,
    probes: false,
    evaluateTrain: true,
    onStep(rec) {
      if (divergedAt !== null || (Number.isFinite(rec.loss) && Number.isFinite(rec.clip.preNorm))) return;
      divergedAt = rec.step;
      infiniteGrad = !Number.isFinite(rec.clip.preNorm);
    },
  });
  while (divergedAt === null && !session.done) {
    const entry = session.step();
    // the session also logs step 1; the curve keeps the steps k·logEvery and the last
    if (!entry || divergedAt !== null || (entry.step % every !== 0 && entry.step !== total)) continue;
    const l = finiteOrNull(entry.train!.loss);
    steps.push(entry.step);
    loss.push(l);
    if (l === null) divergedAt = entry.step;
  }
  // NOTE: the clip counter's max skips a NaN norm; a diverged gradient counts as an infinite one
  const maxGradNorm = infiniteGrad ? Infinity : session.document().clipping.maxPreNorm;
  return { steps, loss, maxGradNorm, divergedAt, stepsDone: trainer.stepCount };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
