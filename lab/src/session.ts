// The lab's incremental run: the CLI's trainer, per-step instruments, non-finite watch, clip counter and
// Jacobian probes, stepped one update at a time instead of in runTraining's blocking loop, in the same
// order (step → instruments → evaluation → probes). It keeps the `train --json` history as it goes, so an
// export is the document `gradscope train --json` prints, diagnosis included. No DOM: it runs in the worker.

import type { TrainConfig } from '../../src/core/config.js';
import { prepareData } from '../../src/core/data/prepare.js';
import type { Dataset } from '../../src/core/data/types.js';
import { constantPredictorLoss } from '../../src/core/diagnostics/baseline.js';
import { createClipCounter } from '../../src/core/diagnostics/clip-events.js';
import { createInstruments, type LayerInstruments } from '../../src/core/diagnostics/instruments.js';
import { createNonFiniteWatch, type NonFiniteEvent } from '../../src/core/diagnostics/non-finite.js';
import { createProber, type ProbeRecord } from '../../src/core/diagnostics/probe.js';
import { modelToSafetensors } from '../../src/core/io/weights.js';
import type { Kernels } from '../../src/core/kernels/types.js';
import { dataExtent, type Extent } from '../../src/core/predict.js';
import { penalty } from '../../src/core/regularize.js';
import { type LayerStats, layerReport, measureLayers } from '../../src/core/train/layer-stats.js';
import { finalEvaluation, type HistoryEntry, type TrainResult } from '../../src/core/train/run.js';
import {
  createTrainer,
  type Evaluation,
  type StepRecord,
  type Trainer,
} from '../../src/core/train/trainer.js';
import type { Points, RunInfo } from './protocol.js';

/** Past this many history entries (or probes), every other one is dropped so a long run stays small. */
const MAX_HISTORY = 2000;
const MAX_PROBES = 200;
/** Parameters above which the lab probes with fewer power iterations. */
const LARGE_MODEL = 200_000;
const LARGE_MODEL_ITERATIONS = 8;

/** One logged step, as the page's curves and heatmap need it. */
export interface LoggedStep {
  readonly step: number;
  readonly train: Evaluation;
  readonly val: Evaluation | null;
  readonly layers: readonly LayerInstruments[];
}

/** The run document without its diagnosis: what the verdict engine reads. */
export type RunDoc = Omit<TrainResult, 'diagnosis'>;

export interface LabSession {
  readonly config: TrainConfig;
  /** the CSV text the data came from, for a reset */
  readonly csv: string | null;
  readonly trainer: Trainer;
  readonly info: Omit<RunInfo, 'runId'>;
  readonly extent: Extent;
  /** the last record of step() */
  readonly last: StepRecord | null;
  readonly clippedTotal: number;
  /** the first NaN/Inf, after which the session refuses to step */
  readonly nonFinite: NonFiniteEvent | null;
  /** one update; returns the logged step when this step was a log step */
  step(): LoggedStep | null;
  /** the latest logged step */
  latest(): LoggedStep | null;
  /** run the Jacobian probe now (between steps) */
  probe(): ProbeRecord;
  readonly lastProbe: ProbeRecord | null;
  /** mean ‖D_l‖₂ per Dense layer from the last probe; NaN before the first */
  jacobianNorms(): Float64Array;
  /** the run document so far; `historyTail` keeps only the last n history entries */
  document(historyTail?: number): RunDoc;
  safetensors(): Uint8Array;
}

function points(ds: Dataset): Points {
  const D = Math.min(2, ds.inputDim);
  const x = new Float64Array(ds.n * D);
  for (let i = 0; i < ds.n; i++) for (let d = 0; d < D; d++) x[i * D + d] = ds.x[i * ds.inputDim + d]!;
  return { x, y: ds.y.slice(0, ds.n), n: ds.n };
}

function thin<T>(a: T[], keepFirst: boolean): void {
  const first = a[0];
  let j = 0;
  for (let i = a.length % 2; i < a.length; i += 2) a[j++] = a[i]!;
  a.length = j;
  if (keepFirst && first !== undefined && a[0] !== first) a.unshift(first);
}

export function createSession(config: TrainConfig, csv: string | null, kernels: Kernels): LabSession {
  const data = prepareData(config, csv ?? undefined);
  const trainer = createTrainer(config, data, { kernels });
  const { model } = trainer;
  const instruments = createInstruments(model);
  const watch = createNonFiniteWatch(model);
  const clips = createClipCounter();
  // NOTE: a probe costs ~2·iterations forward passes per layer; on large networks fewer power-iteration
  // steps keep it to seconds (a looser lower bound on ‖D_l‖₂, still enough for the bars)
  const clock = () => performance.now();
  const prober = createProber(
    trainer,
    model.params.length > LARGE_MODEL ? { clock, iterations: LARGE_MODEL_ITERATIONS } : { clock },
  );
  const constantLoss = constantPredictorLoss(data.train, trainer.lossName);
  const { train, val } = data;
  const all = val ? concat(train, val) : train;
  const extent = dataExtent(all);
  const history: HistoryEntry[] = [];
  const probes: ProbeRecord[] = [];
  let last: StepRecord | null = null;
  let latest: LoggedStep | null = null;
  let stats: LayerStats[] = measureLayers(model, 0);
  let nonFinite: NonFiniteEvent | null = null;
  const info: Omit<RunInfo, 'runId'> = {
    task: train.task,
    loss: trainer.lossName,
    inputDim: train.inputDim,
    numClasses: train.numClasses ?? 0,
    layers: model.blocks.length,
    batchSize: trainer.batchSize,
    params: model.params.length,
    train: points(train),
    val: val ? points(val) : null,
    extent,
  };

  const isLogStep = (step: number): boolean => step === 1 || step % config.logEvery === 0;

  const log = (record: StepRecord): LoggedStep => {
    // measure before any evaluation forward overwrites the step's buffers
    stats = measureLayers(model, record.batchSize);
    instruments.measure(record.batchSize);
    const layers = instruments.read();
    const trainEval = trainer.evaluate(train);
    const valEval = val ? trainer.evaluate(val) : null;
    history.push({
      step: record.step,
      epoch: record.epoch,
      loss: record.loss,
      penalty: record.penalty,
      ...(valEval ? { val: valEval } : {}),
      gradNorm: layers.map((l) => l.gradNorm),
      clipPreNorm: record.clip.preNorm,
      clipPostNorm: record.clip.postNorm,
      clipped: record.clip.clipped,
      instruments: layers,
    });
    if (history.length > MAX_HISTORY) thin(history, true);
    latest = { step: record.step, train: trainEval, val: valEval, layers };
    return latest;
  };

  return {
    config,
    csv,
    trainer,
    info,
    extent,
    get last() {
      return last;
    },
    get clippedTotal() {
      return clips.read().clippedSteps;
    },
    get nonFinite() {
      return nonFinite;
    },
    step() {
      const logging = isLogStep(trainer.stepCount + 1);
      if (logging) instruments.snapshot();
      const record = trainer.step();
      last = record;
      clips.add(record.step, record.clip);
      nonFinite ??= watch.check(record);
      return logging || nonFinite ? log(record) : null;
    },
    latest: () => latest,
    probe() {
      const record = prober.probe(trainer.stepCount);
      probes.push(record);
      if (probes.length > MAX_PROBES) thin(probes, true);
      return record;
    },
    get lastProbe() {
      return probes.at(-1) ?? null;
    },
    jacobianNorms: () =>
      Float64Array.from(
        { length: info.layers },
        (_, l) => probes.at(-1)?.layers[l]?.jacobianMean ?? Number.NaN,
      ),
    document(historyTail) {
      const inst = latest?.layers;
      const probe = probes.at(-1);
      return {
        config: {
          ...config,
          // the steps taken so far: `gradscope train` with this config repeats the run
          steps: trainer.stepCount,
          loss: trainer.lossName,
          batchSizeResolved: trainer.batchSize,
          totalSteps: trainer.stepCount,
        },
        steps: trainer.stepCount,
        final: finalEvaluation(trainer, penalty(model, config.l2, config.l1)),
        layers: stats.map((l, i) => layerReport(l, inst?.[i], probe?.layers[i])),
        history: historyTail === undefined ? [...history] : history.slice(-historyTail),
        probes: [...probes],
        nonFinite,
        clipping: clips.read(),
        baseline: { constantLoss },
      };
    },
    safetensors: () => modelToSafetensors(model, { source: 'gradscope lab' }),
  };
}

function concat(a: Dataset, b: Dataset): Dataset {
  const x = new Float64Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Float64Array(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  return { ...a, x, y, n: a.n + b.n };
}
