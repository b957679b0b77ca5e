// The one training loop, as an incremental run: every front end steps a session. `runTraining` steps it
// to the end; the lab's worker steps it in time slices; the experiments step it with the instruments off.
// A session owns the trainer, the per-step instruments, the non-finite watch, the clip counter, the
// Jacobian probes and the history, and builds the run document from them.
// Order after a step matters: the instruments read buffers that evaluation and probes overwrite, so a
// logged step is measured first, then evaluated, then probed.

import type { TrainConfig } from '../config.js';
import type { PreparedData } from '../data/prepare.js';
import { constantPredictorLoss } from '../diagnostics/baseline.js';
import { createClipCounter } from '../diagnostics/clip-events.js';
import { diagnose } from '../diagnostics/diagnose.js';
import { createInstruments, type LayerInstruments } from '../diagnostics/instruments.js';
import { createNonFiniteWatch, type NonFiniteEvent } from '../diagnostics/non-finite.js';
import { createProber, type ProbeRecord } from '../diagnostics/probe.js';
import { UsageError } from '../errors.js';
import type { Kernels } from '../kernels/types.js';
import type { Model } from '../model.js';
import type { RunPlan } from '../plan.js';
import { penalty } from '../regularize.js';
import { type LayerStats, layerReport, layerStatsFrom, measureLayers } from './layer-stats.js';
import { type FinalEvaluation, type HistoryEntry, RUN_FORMAT_VERSION, type TrainResult } from './result.js';
import { createTrainer, type Evaluation, type StepRecord, type Trainer } from './trainer.js';

export interface SessionHooks {
  /** after every step, with the trainer in its post-step state */
  readonly onStep?: (record: StepRecord, trainer: Trainer) => void;
  /** at every logged step */
  readonly onLog?: (entry: HistoryEntry) => void;
  /** after every Jacobian probe */
  readonly onProbe?: (record: ProbeRecord) => void;
}

export interface SessionOptions extends SessionHooks {
  /** the kernel set (default: the plain reference kernels) */
  readonly kernels?: Kernels;
  /** planRun(config, dataShape(data)), when the caller already derived it */
  readonly plan?: RunPlan;
  /** per-step instruments at logged steps (default true) */
  readonly instruments?: boolean;
  /** the non-finite watch after every step (default: as `instruments`) */
  readonly watch?: boolean;
  /** Jacobian probes at init, every config.probeEvery steps and at the end (default true) */
  readonly probes?: boolean;
  /** power-iteration steps per spectral norm in the probes (default PROBE_ITERATIONS) */
  readonly probeIterations?: number;
  /** stop at the first NaN/Inf (default true) */
  readonly stopOnNonFinite?: boolean;
  /** ms clock for probe timings (default: performance.now where it exists); null records no timings */
  readonly clock?: (() => number) | null;
  /** also evaluate the whole training set (eval mode) at logged steps, as history[].train (default false) */
  readonly evaluateTrain?: boolean;
  /** stop at plan.totalSteps (default true); false lets step() go on until the caller stops (the lab) */
  readonly stopAtTotal?: boolean;
  /** past this many history entries (or probes), every other one is dropped, the first kept */
  readonly maxHistory?: number;
}

export interface Session {
  readonly config: TrainConfig;
  readonly plan: RunPlan;
  readonly trainer: Trainer;
  readonly model: Model;
  /** updates applied so far */
  readonly stepCount: number;
  /** the run has nothing left to do: its steps are taken, or it stopped at a NaN/Inf */
  readonly done: boolean;
  /** the first NaN/Inf seen, or null */
  readonly nonFinite: NonFiniteEvent | null;
  /** the last history entry, or null before the first logged step */
  readonly latest: HistoryEntry | null;
  readonly lastProbe: ProbeRecord | null;
  /** steps whose gradients were clipped so far */
  readonly clippedSteps: number;
  /** one update (for a 0-step run, one gradients-only pass); the history entry when the step was logged */
  step(): HistoryEntry | null;
  /** run the Jacobian probe now, between steps */
  probe(): ProbeRecord;
  /** the run document so far, diagnosis included */
  document(): TrainResult;
  /** the end-of-run probe (unless the run stopped at a NaN/Inf), then the final document */
  finish(): TrainResult;
}

function defaultClock(): (() => number) | undefined {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : undefined;
}

/** Thin a growing record in place: keep every other entry, and the first. */
function thin<T>(a: T[]): void {
  const first = a[0];
  let j = 0;
  for (let i = a.length % 2; i < a.length; i += 2) a[j++] = a[i]!;
  a.length = j;
  if (first !== undefined && a[0] !== first) a.unshift(first);
}

/** Evaluate the current weights on the training set (with the penalty) and the validation set. */
function finalEvaluation(trainer: Trainer): TrainResult['final'] {
  const { config, model, data } = trainer;
  const pen = penalty(model, config.l2, config.l1);
  const t = trainer.evaluate(data.train);
  const train: FinalEvaluation = { ...t, penalty: pen, objective: t.loss + pen };
  const val = data.val ? trainer.evaluate(data.val) : undefined;
  return { train, ...(val ? { val } : {}) };
}

/** A session over a new trainer for this config and data. */
export function createSession(config: TrainConfig, data: PreparedData, opts: SessionOptions = {}): Session {
  const { kernels, plan } = opts;
  return openSession(
    createTrainer(config, data, { ...(kernels ? { kernels } : {}), ...(plan ? { plan } : {}) }),
    opts,
  );
}

/** A session over an existing trainer (e.g. one whose weights were loaded with --init-from). */
export function openSession(trainer: Trainer, opts: SessionOptions = {}): Session {
  const { config, model, plan } = trainer;
  const total = plan.totalSteps;
  const stopAtTotal = opts.stopAtTotal !== false;
  const inst = opts.instruments === false ? null : createInstruments(model);
  const watch = (opts.watch ?? opts.instruments !== false) ? createNonFiniteWatch(model) : null;
  const clips = createClipCounter();
  const clock = opts.clock === null ? undefined : (opts.clock ?? defaultClock());
  const prober =
    opts.probes === false
      ? null
      : createProber(trainer, {
          ...(clock ? { clock } : {}),
          ...(opts.probeIterations ? { iterations: opts.probeIterations } : {}),
        });
  const constantLoss = constantPredictorLoss(trainer.data.train, plan.loss);
  const probes: ProbeRecord[] = [];
  const history: HistoryEntry[] = [];
  let layers: LayerStats[] = measureLayers(model, 0);
  let instruments: LayerInstruments[] | undefined;
  let nonFinite: NonFiniteEvent | null = null;
  let started = false;
  let stopped = false;
  let finished: TrainResult | null = null;

  const probeNow = (step: number): ProbeRecord => {
    const record = prober!.probe(step);
    probes.push(record);
    if (opts.maxHistory !== undefined && probes.length > opts.maxHistory) thin(probes);
    opts.onProbe?.(record);
    return record;
  };
  const start = (): void => {
    if (started) return;
    started = true;
    if (prober) probeNow(0);
  };
  /** measure first: the hook, evaluation and probes may overwrite the buffers read here */
  const measure = (record: StepRecord): void => {
    if (inst) {
      inst.measure(record.batchSize);
      instruments = inst.read();
      layers = layerStatsFrom(model, instruments);
    } else layers = measureLayers(model, record.batchSize);
  };
  const evaluation = (which: 'train' | 'val'): { train?: Evaluation; val?: Evaluation } => {
    const ds = which === 'train' ? trainer.data.train : trainer.data.val;
    if (!ds || (which === 'train' && !opts.evaluateTrain)) return {};
    return { [which]: trainer.evaluate(ds) };
  };
  const log = (record: StepRecord): HistoryEntry => {
    const entry: HistoryEntry = {
      step: record.step,
      epoch: record.epoch,
      loss: record.loss,
      penalty: record.penalty,
      ...evaluation('train'),
      ...evaluation('val'),
      gradNorm: layers.map((l) => l.gradNorm),
      clipPreNorm: record.clip.preNorm,
      clipPostNorm: record.clip.postNorm,
      clipped: record.clip.clipped,
      ...(instruments ? { instruments } : {}),
    };
    history.push(entry);
    if (opts.maxHistory !== undefined && history.length > opts.maxHistory) thin(history);
    opts.onLog?.(entry);
    return entry;
  };
  const logged = (step: number): boolean => step % config.logEvery === 0 || step === total || step === 1;
  const isDone = (): boolean =>
    stopped || (stopAtTotal && trainer.stepCount >= total && (total > 0 || history.length > 0));

  const document = (): TrainResult => {
    const lastProbe = probes.at(-1);
    const doc: Omit<TrainResult, 'diagnosis'> = {
      version: RUN_FORMAT_VERSION,
      config,
      plan,
      steps: trainer.stepCount,
      final: finalEvaluation(trainer),
      layers: layers.map((l, i) => layerReport(l, instruments?.[i], lastProbe?.layers[i])),
      history: [...history],
      probes: [...probes],
      nonFinite,
      clipping: clips.read(),
      baseline: { constantLoss },
    };
    return { ...doc, diagnosis: diagnose(doc) };
  };

  return {
    config,
    plan,
    trainer,
    model,
    get stepCount() {
      return trainer.stepCount;
    },
    get done() {
      return isDone();
    },
    get nonFinite() {
      return nonFinite;
    },
    get latest() {
      return history.at(-1) ?? null;
    },
    get lastProbe() {
      return probes.at(-1) ?? null;
    },
    get clippedSteps() {
      return clips.read().clippedSteps;
    },
    step() {
      start();
      if (isDone()) return null;
      if (total === 0 && stopAtTotal) {
        // `--steps 0`: the gradients of one batch at the initial weights, and no update
        const record = trainer.gradients();
        nonFinite = watch?.check(record) ?? null;
        measure(record);
        return log(record);
      }
      if (inst && logged(trainer.stepCount + 1)) inst.rememberWeights();
      const record = trainer.step();
      clips.add(record.step, record.clip);
      const bad = watch?.check(record) ?? null;
      nonFinite ??= bad;
      const stop = bad !== null && opts.stopOnNonFinite !== false;
      const logNow = logged(record.step) || stop;
      if (logNow) measure(record);
      opts.onStep?.(record, trainer);
      const entry = logNow ? log(record) : null;
      if (stop) stopped = true;
      else if (
        prober &&
        config.probeEvery > 0 &&
        record.step % config.probeEvery === 0 &&
        record.step !== total
      )
        probeNow(record.step);
      return entry;
    },
    probe() {
      if (!prober) throw new UsageError('session.probe', 'a session with probes on', 'probes: false');
      start();
      const last = probes.at(-1);
      return last?.step === trainer.stepCount ? last : probeNow(trainer.stepCount);
    },
    document,
    finish() {
      if (finished) return finished;
      start();
      if (prober && nonFinite === null && probes.at(-1)!.step !== trainer.stepCount)
        probeNow(trainer.stepCount);
      finished = document();
      return finished;
    },
  };
}
