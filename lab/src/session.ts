// The lab's incremental run: the CLI's trainer and per-step instruments, stepped one update at a time
// instead of in runTraining's blocking loop. It keeps the `train --json` history as it goes, so an export
// is the same document `gradscope train --json` prints. No DOM here: it runs inside the worker.

import type { TrainConfig } from '../../src/core/config.js';
import { prepareData } from '../../src/core/data/prepare.js';
import type { Dataset } from '../../src/core/data/types.js';
import {
  createInstruments,
  type Instruments,
  type LayerInstruments,
} from '../../src/core/diagnostics/instruments.js';
import { createProber, type ProbeRecord } from '../../src/core/diagnostics/probe.js';
import { modelToSafetensors } from '../../src/core/io/weights.js';
import type { Kernels } from '../../src/core/kernels/types.js';
import { penalty } from '../../src/core/regularize.js';
import { measureLayers } from '../../src/core/train/layer-stats.js';
import { finalEvaluation, type HistoryEntry, type TrainResult } from '../../src/core/train/run.js';
import {
  createTrainer,
  type Evaluation,
  type StepRecord,
  type Trainer,
} from '../../src/core/train/trainer.js';
import { dataExtent, type Extent } from './boundary.js';
import type { Points, RunInfo } from './protocol.js';

/** One logged step, as the page's curves and heatmap need it. */
export interface LoggedStep {
  readonly step: number;
  readonly train: Evaluation;
  readonly val: Evaluation | null;
  readonly layers: readonly LayerInstruments[];
}

export interface LabSession {
  readonly config: TrainConfig;
  /** the CSV text the data came from, for a reset */
  readonly csv: string | null;
  readonly trainer: Trainer;
  readonly info: Omit<RunInfo, 'runId'>;
  readonly extent: Extent;
  /** the `train --json` history so far */
  readonly history: readonly HistoryEntry[];
  /** the last record of step() */
  readonly last: StepRecord | null;
  readonly clippedTotal: number;
  /** one update; returns the logged step when this step was a log step */
  step(): LoggedStep | null;
  /** the latest per-layer instruments (measured at the last log step) */
  latest(): LoggedStep | null;
  /** run the Jacobian probe now (between steps) */
  probe(): ProbeRecord;
  readonly lastProbe: ProbeRecord | null;
  /** mean ‖D_l‖₂ per Dense layer from the last probe; NaN before the first */
  jacobianNorms(): Float64Array;
  /** the run as `gradscope train --json` prints it */
  result(): TrainResult;
  safetensors(): Uint8Array;
}

function points(ds: Dataset): Points {
  const D = Math.min(2, ds.inputDim);
  const x = new Float64Array(ds.n * D);
  for (let i = 0; i < ds.n; i++) for (let d = 0; d < D; d++) x[i * D + d] = ds.x[i * ds.inputDim + d]!;
  return { x, y: ds.y.slice(0, ds.n), n: ds.n };
}

export function createSession(config: TrainConfig, csv: string | null, kernels: Kernels): LabSession {
  const data = prepareData(config, csv ?? undefined);
  const trainer = createTrainer(config, data, { kernels });
  const instruments: Instruments = createInstruments(trainer.model);
  const prober = createProber(trainer, { clock: () => performance.now() });
  let lastProbe: ProbeRecord | null = null;
  const { train, val } = data;
  const all = val ? concat(train, val) : train;
  const extent = dataExtent(all.x, all.y, all.n, all.inputDim);
  const history: HistoryEntry[] = [];
  let last: StepRecord | null = null;
  let latest: LoggedStep | null = null;
  let clippedTotal = 0;
  const info: Omit<RunInfo, 'runId'> = {
    task: train.task,
    loss: trainer.lossName,
    inputDim: train.inputDim,
    numClasses: train.numClasses ?? 0,
    layers: trainer.model.blocks.length,
    batchSize: trainer.batchSize,
    params: trainer.model.params.length,
    train: points(train),
    val: val ? points(val) : null,
    extent,
  };

  const isLogStep = (step: number): boolean => step === 1 || step % config.logEvery === 0;

  return {
    config,
    csv,
    trainer,
    info,
    extent,
    history,
    get last() {
      return last;
    },
    get clippedTotal() {
      return clippedTotal;
    },
    step() {
      const logging = isLogStep(trainer.stepCount + 1);
      if (logging) instruments.snapshot();
      const record = trainer.step();
      last = record;
      if (record.clip.clipped) clippedTotal++;
      if (!logging) return null;
      // measure before any evaluation forward overwrites the step's buffers
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
      });
      latest = { step: record.step, train: trainEval, val: valEval, layers };
      return latest;
    },
    latest: () => latest,
    probe() {
      lastProbe = prober.probe(trainer.stepCount);
      return lastProbe;
    },
    get lastProbe() {
      return lastProbe;
    },
    jacobianNorms: () =>
      Float64Array.from({ length: info.layers }, (_, l) => lastProbe?.layers[l]?.jacobianMean ?? Number.NaN),
    result() {
      const layers = measureLayers(trainer.model, last?.batchSize ?? trainer.batchSize);
      return {
        config: {
          ...config,
          loss: trainer.lossName,
          batchSizeResolved: trainer.batchSize,
          totalSteps: trainer.stepCount,
        },
        steps: trainer.stepCount,
        final: finalEvaluation(trainer, penalty(trainer.model, config.l2, config.l1)),
        layers,
        history: [...history],
      };
    },
    safetensors: () => modelToSafetensors(trainer.model, { source: 'gradscope lab' }),
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
