// The training loop every front end calls: the CLI, the web lab's worker and the experiments.
// It steps the trainer, logs every k steps with the per-step instruments, probes the Jacobians on a
// schedule, stops at the first NaN/Inf, and returns the `train --json` document with its diagnosis.
// Order after a step matters: the instruments read buffers that evaluation and probes overwrite.

import type { TrainConfig } from '../config.js';
import { constantPredictorLoss } from '../diagnostics/baseline.js';
import type { BufferStats } from '../diagnostics/buffer-stats.js';
import { type ClipSummary, createClipCounter } from '../diagnostics/clip-events.js';
import { diagnose } from '../diagnostics/diagnose.js';
import type { Diagnosis } from '../diagnostics/finding.js';
import { createInstruments, type LayerInstruments } from '../diagnostics/instruments.js';
import { createNonFiniteWatch, type NonFiniteEvent } from '../diagnostics/non-finite.js';
import { createProber, type ProbeRecord } from '../diagnostics/probe.js';
import { penalty } from '../regularize.js';
import {
  type LayerReport,
  type LayerStats,
  layerReport,
  layerStatsFrom,
  measureLayers,
} from './layer-stats.js';
import type { Evaluation, StepRecord, Trainer } from './trainer.js';

export interface HistoryEntry {
  readonly step: number;
  readonly epoch: number;
  /** mean data loss of the step's batch */
  readonly loss: number;
  /** the penalty ½λΣ‖W‖² (+ λ₁‖W‖₁) at that step */
  readonly penalty: number;
  readonly val?: Evaluation;
  /** ‖∂L/∂W_l‖_F per Dense layer */
  readonly gradNorm: readonly number[];
  readonly clipPreNorm: number;
  readonly clipPostNorm: number;
  readonly clipped: boolean;
  /** per Dense layer: this step's instruments (absent when instruments are off) */
  readonly instruments?: readonly LayerInstruments[];
}

export interface FinalEvaluation extends Evaluation {
  /** ½λΣ‖W‖² (+ λ₁‖W‖₁) at the final weights */
  readonly penalty: number;
  /** loss + penalty: the regularized objective */
  readonly objective: number;
}

export interface TrainResult {
  readonly config: TrainConfig & {
    readonly loss: string;
    readonly batchSizeResolved: number;
    readonly totalSteps: number;
  };
  /** updates applied */
  readonly steps: number;
  readonly final: { readonly train: FinalEvaluation; readonly val?: Evaluation };
  /** per Dense layer at the last step: LayerStats, its instruments and the last probe's norms */
  readonly layers: readonly LayerReport[];
  readonly history: readonly HistoryEntry[];
  /** Jacobian probes: at init (step 0), every probeEvery steps, at the end; [] when probes are off */
  readonly probes: readonly ProbeRecord[];
  /** the first NaN/Inf (the run stopped there unless told not to); null when none or not watched */
  readonly nonFinite: NonFiniteEvent | null;
  readonly clipping: ClipSummary;
  /** the loss of the best constant prediction on the training set (label frequencies or target means) */
  readonly baseline: { readonly constantLoss: number };
  readonly diagnosis: Diagnosis;
}

export interface RunHooks {
  /** after every step, with the trainer in its post-step state */
  onStep?(record: StepRecord, trainer: Trainer): void;
  /** at every logged step */
  onLog?(entry: HistoryEntry): void;
  /** after every Jacobian probe */
  onProbe?(record: ProbeRecord): void;
}

export interface RunOptions {
  /** per-step instruments and the non-finite watch (default true) */
  readonly instruments?: boolean;
  /** Jacobian probes at init, every config.probeEvery steps and at the end (default true) */
  readonly probes?: boolean;
  /** stop at the first NaN/Inf (default true) */
  readonly stopOnNonFinite?: boolean;
  /** ms clock for probe timings (default: performance.now where it exists); null records no timings */
  readonly clock?: (() => number) | null;
  /** the instruments' z/a/f' reductions, e.g. the WASM kernels' bufferStats twins (default: plain loops) */
  readonly stats?: BufferStats;
}

function defaultClock(): (() => number) | undefined {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : undefined;
}

function historyEntry(
  record: StepRecord,
  trainer: Trainer,
  layers: readonly LayerStats[],
  instruments: readonly LayerInstruments[] | undefined,
): HistoryEntry {
  const val = trainer.data.val ? trainer.evaluate(trainer.data.val) : undefined;
  return {
    step: record.step,
    epoch: record.epoch,
    loss: record.loss,
    penalty: record.penalty,
    ...(val ? { val } : {}),
    gradNorm: layers.map((l) => l.gradNorm),
    clipPreNorm: record.clip.preNorm,
    clipPostNorm: record.clip.postNorm,
    clipped: record.clip.clipped,
    ...(instruments ? { instruments } : {}),
  };
}

/** Evaluate the current weights on train (with the penalty) and validation sets. */
export function finalEvaluation(trainer: Trainer, pen: number): TrainResult['final'] {
  const train = trainer.evaluate(trainer.data.train);
  const val = trainer.data.val ? trainer.evaluate(trainer.data.val) : undefined;
  return { train: { ...train, penalty: pen, objective: train.loss + pen }, ...(val ? { val } : {}) };
}

export function runTraining(trainer: Trainer, hooks: RunHooks = {}, options: RunOptions = {}): TrainResult {
  const { config, model } = trainer;
  const total = trainer.totalSteps;
  const inst =
    options.instruments === false
      ? null
      : createInstruments(model, options.stats ? { stats: options.stats } : {});
  const watch = options.instruments === false ? null : createNonFiniteWatch(model);
  const clips = createClipCounter();
  const clock = options.clock === null ? undefined : (options.clock ?? defaultClock());
  const prober = options.probes === false ? null : createProber(trainer, clock ? { clock } : {});
  const probes: ProbeRecord[] = [];
  const history: HistoryEntry[] = [];
  let layers: LayerStats[] = [];
  let instruments: LayerInstruments[] | undefined;
  let nonFinite: NonFiniteEvent | null = null;

  const probe = (step: number): void => {
    const record = prober!.probe(step);
    probes.push(record);
    hooks.onProbe?.(record);
  };
  /** measure first: the hook, validation and probes may overwrite the buffers read here */
  const measure = (record: StepRecord): void => {
    if (inst) {
      inst.measure(record.batchSize);
      instruments = inst.read();
      layers = layerStatsFrom(model, instruments);
    } else layers = measureLayers(model, record.batchSize);
  };
  const log = (record: StepRecord): void => {
    const entry = historyEntry(record, trainer, layers, instruments);
    history.push(entry);
    hooks.onLog?.(entry);
  };
  const logged = (step: number): boolean => step % config.logEvery === 0 || step === total || step === 1;

  if (prober) probe(0);
  if (total === 0) {
    const record = trainer.probe();
    nonFinite = watch?.check(record) ?? null;
    measure(record);
    log(record);
  } else {
    do {
      if (inst && logged(trainer.stepCount + 1)) inst.snapshot();
      const record = trainer.step();
      clips.add(record.step, record.clip);
      const bad = watch?.check(record) ?? null;
      nonFinite ??= bad;
      const stop = bad !== null && options.stopOnNonFinite !== false;
      const logNow = logged(record.step) || stop;
      if (logNow) measure(record);
      hooks.onStep?.(record, trainer);
      if (logNow) log(record);
      if (stop) break;
      if (prober && config.probeEvery > 0 && record.step % config.probeEvery === 0 && record.step !== total) {
        probe(record.step);
      }
    } while (trainer.stepCount < total);
  }
  if (prober && nonFinite === null && probes.at(-1)!.step !== trainer.stepCount) probe(trainer.stepCount);

  const lastProbe = probes.at(-1);
  const doc: Omit<TrainResult, 'diagnosis'> = {
    config: { ...config, loss: trainer.lossName, batchSizeResolved: trainer.batchSize, totalSteps: total },
    steps: trainer.stepCount,
    final: finalEvaluation(trainer, penalty(model, config.l2, config.l1)),
    layers: layers.map((l, i) => layerReport(l, instruments?.[i], lastProbe?.layers[i])),
    history,
    probes,
    nonFinite,
    clipping: clips.read(),
    baseline: { constantLoss: constantPredictorLoss(trainer.data.train, trainer.lossName) },
  };
  return { ...doc, diagnosis: diagnose(doc) };
}
