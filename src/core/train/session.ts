// The one training loop, as an incremental run: every front end steps a session. `runTraining` steps it
// to the end; the lab's worker steps it in time slices; the experiments step it with the instruments off.
// A session owns the trainer, the per-step instruments, the non-finite watch, the clip counter, the
// Jacobian probes and the history, and builds the run document from them.
// Order after a step matters: the instruments read buffers that evaluation and probes overwrite, so a
// logged step is measured first, then evaluated, then probed.
// At a NaN/Inf the weights never stay NaN: the step guard puts back the state from before the step
// (--on-nonfinite stop: then the run stops; skip: the update is dropped and the run goes on, at most
// MAX_CONSECUTIVE_SKIPS times in a row). save() and restore() carry everything between two steps, so a
// checkpointed run resumes bit-identically.

import type { TrainConfig } from '../config.js';
import type { PreparedData } from '../data/prepare.js';
import { constantPredictorLoss, heldOutBaseline } from '../diagnostics/baseline.js';
import { type ClipSummary, createClipCounter } from '../diagnostics/clip-events.js';
import { diagnose } from '../diagnostics/diagnose.js';
import { createInstruments, type LayerInstruments } from '../diagnostics/instruments.js';
import { createNonFiniteWatch, type NonFiniteEvent } from '../diagnostics/non-finite.js';
import { createProber, type ProbeRecord } from '../diagnostics/probe.js';
import { UsageError } from '../errors.js';
import type { Kernels } from '../kernels/types.js';
import type { Model } from '../model.js';
import type { RunPlan } from '../plan.js';
import { checkHistorySize } from '../plan.js';
import { penalty } from '../regularize.js';
import type { RngState } from '../rng.js';
import { MAX_CONSECUTIVE_SKIPS } from '../settings/index.js';
import { createHistoryBook, type HistoryBookState } from './history-book.js';
import { type LayerStats, layerReport, layerStatsFrom, measureLayers } from './layer-stats.js';
import { type FinalEvaluation, type HistoryEntry, RUN_FORMAT_VERSION, type TrainResult } from './result.js';
import { createStepGuard } from './step-guard.js';
import { createTrainer, type Evaluation, type StepRecord, type Trainer } from './trainer.js';
import { restoreTrainer, saveTrainer, type TrainerState } from './trainer-state.js';

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
  /** Jacobian probes at init, every config.probeEvery steps and at the end (default true; config.probes
   * 'off' turns them off too) */
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
  /**
   * past this many history entries (or probes), every other one is dropped, the first and the last two
   * kept, and the document carries a `digest` that keeps the fit rules exact (history-book.ts); memory
   * stays flat however long the run. Without it the whole history is kept (and its size is capped).
   */
  readonly maxHistory?: number;
}

/** Everything a session holds between two steps (a checkpoint's content). */
export interface SessionState {
  readonly trainer: TrainerState;
  readonly probeRng: RngState | null;
  /** the probes' ‖W_l‖₂ warm-start vectors (absent in older checkpoints: the next probe starts cold) */
  readonly probeWarm?: readonly (readonly number[])[] | null;
  readonly book: HistoryBookState;
  readonly layers: readonly LayerStats[];
  readonly instruments: readonly LayerInstruments[] | null;
  readonly nonFinite: NonFiniteEvent | null;
  readonly clipping: ClipSummary;
  readonly started: boolean;
  readonly stopped: boolean;
  readonly weightsStep: number;
  readonly skippedSteps: number;
  readonly consecutiveSkips: number;
  /**
   * the last step's entry when only being the last step logged it (not --log-every): it joins the history
   * at document()/finish(), after the last checkpoint, so `--resume DIR --steps N` with a larger N goes on
   * exactly as one longer run would (which never logged that step)
   */
  readonly endEntry?: HistoryEntry | null;
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
  /** the update count the weights are at (less than stepCount after a NaN/Inf step was undone) */
  readonly weightsStep: number;
  /** one update (for a 0-step run, one gradients-only pass); the history entry when the step was logged */
  step(): HistoryEntry | null;
  /** run the Jacobian probe now, between steps */
  probe(): ProbeRecord;
  /** the run document so far, diagnosis included */
  document(): TrainResult;
  /** the end-of-run probe (unless the run stopped at a NaN/Inf), then the final document */
  finish(): TrainResult;
  /** the state between two steps, as copies */
  save(): SessionState;
  /** continue from a saved state (of a session over the same config and data); `source` names it */
  restore(state: SessionState, source: string): void;
}

function defaultClock(): (() => number) | undefined {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : undefined;
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
    opts.probes === false || config.probes === 'off'
      ? null
      : createProber(trainer, {
          ...(clock ? { clock } : {}),
          ...(opts.probeIterations ? { iterations: opts.probeIterations } : {}),
        });
  const constantLoss = constantPredictorLoss(trainer.data.train, plan.loss);
  const { train: trainSet, val: valSet } = trainer.data;
  const baseline = {
    constantLoss,
    n: trainSet.n,
    ...(valSet ? { val: heldOutBaseline(trainSet, valSet, plan.loss) } : {}),
  };
  // the whole history in memory: its size is capped; a bounded one (maxHistory) needs no cap
  if (opts.maxHistory === undefined) checkHistorySize(config, total, model.blocks.length);
  const book = createHistoryBook(opts.maxHistory);
  const skipBad = config.onNonfinite === 'skip';
  // NOTE: a copy of the state before every step, so a NaN/Inf step can be undone (step-guard.ts); only
  // when something watches for NaN/Inf and the run is to stop or skip there
  const guard = watch && opts.stopOnNonFinite !== false ? createStepGuard(trainer, skipBad) : null;
  let layers: LayerStats[] = measureLayers(model, 0);
  let instruments: LayerInstruments[] | undefined;
  let nonFinite: NonFiniteEvent | null = null;
  let started = false;
  let stopped = false;
  let weightsStep = trainer.stepCount;
  let skippedSteps = 0;
  let consecutiveSkips = 0;
  let finished: TrainResult | null = null;
  let endEntry: HistoryEntry | null = null;

  const probeNow = (step: number): ProbeRecord => {
    const record = prober!.probe(step);
    book.addProbe(record);
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
  const entryOf = (record: StepRecord): HistoryEntry => ({
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
  });
  const commit = (entry: HistoryEntry): HistoryEntry => {
    book.addEntry(entry);
    opts.onLog?.(entry);
    return entry;
  };
  /** the last step's entry joins the history once the run's length is final (document, finish) */
  const commitEnd = (): void => {
    if (endEntry === null) return;
    if (endEntry.step === trainer.stepCount && trainer.stepCount >= total) commit(endEntry);
    endEntry = null;
  };
  const log = (record: StepRecord): HistoryEntry => commit(entryOf(record));
  /** logged by --log-every (and step 1); the last step is logged too, as the end (endEntry) */
  const regular = (step: number): boolean => step % config.logEvery === 0 || step === 1;
  const logged = (step: number): boolean => regular(step) || step === total;
  const isDone = (): boolean =>
    stopped || (stopAtTotal && trainer.stepCount >= total && (total > 0 || book.history.length > 0));

  const document = (): TrainResult => {
    commitEnd();
    const lastProbe = book.probes.at(-1);
    const digest = book.digest();
    const doc: Omit<TrainResult, 'diagnosis'> = {
      version: RUN_FORMAT_VERSION,
      config,
      plan,
      steps: trainer.stepCount,
      final: finalEvaluation(trainer),
      layers: layers.map((l, i) => layerReport(l, instruments?.[i], lastProbe?.layers[i])),
      history: [...book.history],
      probes: [...book.probes],
      nonFinite,
      clipping: clips.read(),
      baseline,
      ...(nonFinite ? { weightsStep } : {}),
      ...(skipBad ? { skippedSteps } : {}),
      ...(digest ? { digest } : {}),
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
      return endEntry ?? book.history.at(-1) ?? null;
    },
    get lastProbe() {
      return book.probes.at(-1) ?? null;
    },
    get clippedSteps() {
      return clips.read().clippedSteps;
    },
    get weightsStep() {
      return weightsStep;
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
      guard?.remember();
      const record = trainer.step();
      clips.add(record.step, record.clip);
      // the parameters are scanned at logged steps only (non-finite.ts): the loss and ‖g‖ every step
      const bad = watch?.check(record, logged(record.step)) ?? null;
      nonFinite ??= bad;
      if (bad === null || !guard) weightsStep = record.step;
      consecutiveSkips = bad !== null && skipBad ? consecutiveSkips + 1 : 0;
      if (bad !== null && skipBad) skippedSteps++;
      const stop =
        bad !== null &&
        opts.stopOnNonFinite !== false &&
        (!skipBad || consecutiveSkips >= MAX_CONSECUTIVE_SKIPS);
      const logNow = logged(record.step) || stop;
      if (logNow) measure(record);
      opts.onStep?.(record, trainer);
      const endOnly = logNow && !stop && stopAtTotal && !regular(record.step);
      const entry = !logNow ? null : endOnly ? entryOf(record) : log(record);
      if (endOnly) endEntry = entry;
      // the step's record (instruments, evaluation) shows what happened; the weights go back
      if (bad !== null) guard?.rollback();
      if (stop) stopped = true;
      else if (prober && config.probeEvery > 0 && record.step % config.probeEvery === 0)
        probeNow(record.step);
      return entry;
    },
    probe() {
      if (!prober) throw new UsageError('session.probe', 'a session with probes on', 'probes: false');
      start();
      const last = book.probes.at(-1);
      return last?.step === trainer.stepCount ? last : probeNow(trainer.stepCount);
    },
    document,
    finish() {
      if (finished) return finished;
      start();
      commitEnd();
      const finite = nonFinite === null || (skipBad && !stopped);
      if (prober && finite && book.probes.at(-1)!.step !== trainer.stepCount) probeNow(trainer.stepCount);
      finished = document();
      return finished;
    },
    save: () => ({
      trainer: saveTrainer(trainer),
      probeRng: prober ? prober.rng.save() : null,
      probeWarm: prober ? prober.saveWarm() : null,
      book: book.save(),
      layers: [...layers],
      instruments: instruments ? [...instruments] : null,
      nonFinite,
      clipping: clips.read(),
      started,
      stopped,
      weightsStep,
      skippedSteps,
      consecutiveSkips,
      endEntry,
    }),
    restore(state, source) {
      restoreTrainer(trainer, state.trainer, source);
      if (prober && state.probeRng) prober.rng.restore(state.probeRng);
      prober?.restoreWarm(state.probeWarm ?? []);
      book.restore(state.book);
      layers = [...state.layers];
      instruments = state.instruments ? [...state.instruments] : undefined;
      nonFinite = state.nonFinite;
      clips.restore(state.clipping);
      ({ started, stopped, weightsStep, skippedSteps, consecutiveSkips } = state);
      endEntry = state.endEntry ?? null;
      finished = null;
    },
  };
}
