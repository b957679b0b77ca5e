// The lab's run: the core's session (the same loop, instruments, watch, probes and run document as
// `gradscope train`), stepped by the worker in time slices, plus what the page needs to draw it: the
// points, the plotted extent and a summary. No DOM: it runs in the worker.

import {
  createSession as createRunSession,
  type Dataset,
  dataExtent,
  dataShape,
  type Evaluation,
  type Extent,
  featured,
  type HistoryEntry,
  type LayerHistograms,
  type LayerInstruments,
  type LoadedData,
  layerHistograms,
  modelToSafetensors,
  type PreparedData,
  type ProbeRecord,
  planRun,
  predictRun,
  prepareData,
  type Session,
  selectKernels,
  type TrainConfig,
  type TrainResult,
} from '../../src/index.js';
import { wasmBytesFor } from './memory.js';
import type { Points, RunInfo } from './protocol.js';
import { labTheory } from './theory.js';

/** Past this many history entries (or probes), every other one is dropped so a long run stays small. */
const MAX_HISTORY = 2000;
/** Parameters above which the lab probes with fewer power iterations. */
const LARGE_MODEL = 200_000;
const LARGE_MODEL_ITERATIONS = 8;

/** One logged step, as the page's curves and heatmap need it. */
export interface LoggedStep {
  readonly step: number;
  /** the step's own batch loss (history[].loss) */
  readonly loss: number;
  /** the whole training set in eval mode (history[].train) */
  readonly train: Evaluation;
  readonly val: Evaluation | null;
  readonly layers: readonly LayerInstruments[];
}

/** What the last step did, for the clipping indicator (copied: the trainer reuses its record). */
export interface LastStep {
  readonly epoch: number;
  readonly clip: { readonly preNorm: number; readonly postNorm: number; readonly clipped: boolean };
}

export interface LabSession {
  readonly config: TrainConfig;
  /** the CSV text the data came from, for a reset */
  readonly csv: string | null;
  readonly run: Session;
  /** the model's inputs (after --features) */
  readonly data: PreparedData;
  readonly info: Omit<RunInfo, 'runId'>;
  readonly extent: Extent;
  readonly last: LastStep | null;
  /** one update; the logged step when this step was a log step */
  step(): LoggedStep | null;
  latest(): LoggedStep | null;
  /** mean ‖D_l‖₂ per Dense layer from the last probe; NaN before the first */
  jacobianNorms(): Float64Array;
  /**
   * Go on from `prev`'s state (weights, optimizer, data order, history) when only the step's settings
   * differ (lr, the penalties, the clip): false, and nothing changed, when the two runs do not fit.
   */
  resumeFrom(prev: LabSession): boolean;
  /** the run document so far; its config and plan say the steps taken, so `gradscope train` repeats it */
  document(): TrainResult;
  safetensors(): Uint8Array;
  /** notes of the settings changed mid-run ("lr 0.1 → 0.01 at step 300") */
  changes(): readonly string[];
  /** the decade histograms of h_l and ∂ℓ/∂z_l at the last logged step (null before one) */
  histograms(): { readonly step: number; readonly layers: LayerHistograms } | null;
  /** add a note of a change made mid-run (a weight edited in the network view) */
  note(text: string): void;
}

/** The settings a running session may change between two steps: the update's, not the network's. */
export const CONTINUABLE: readonly (keyof TrainConfig)[] = [
  'lr',
  'l2',
  'l1',
  'weightDecay',
  'clipNorm',
  // Regenerate: new points of the same size, the same weights
  'dataSeed',
];

function continuable(a: TrainConfig, b: TrainConfig): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof TrainConfig>;
  return [...keys].every((k) => CONTINUABLE.includes(k) || JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

function changeNote(a: TrainConfig, b: TrainConfig, step: number): string {
  const changed = CONTINUABLE.filter((k) => a[k] !== b[k]).map((k) => `${k} ${a[k]} → ${b[k]}`);
  return `${changed.join(', ')} at step ${step}: the run went on from its weights (gradscope train with the final settings does not repeat it)`;
}

function points(ds: Dataset): Points {
  const D = Math.min(2, ds.inputDim);
  const x = new Float64Array(ds.n * D);
  for (let i = 0; i < ds.n; i++) for (let d = 0; d < D; d++) x[i * D + d] = ds.x[i * ds.inputDim + d]!;
  return { x, y: ds.y.slice(0, ds.n), n: ds.n };
}

function logged(entry: HistoryEntry | null): LoggedStep | null {
  if (!entry) return null;
  return {
    step: entry.step,
    loss: entry.loss,
    train: entry.train!,
    val: entry.val ?? null,
    layers: entry.instruments ?? [],
  };
}

export async function createSession(
  config: TrainConfig,
  csv: string | null,
  loaded: LoadedData | null = null,
): Promise<LabSession> {
  const source = loaded ?? csv ?? undefined;
  // the points are drawn in the x₁, x₂ plane; the model trains on their --features
  const plane = config.features === null ? null : prepareData({ ...config, features: null }, source);
  const data = plane ? featured(plane, config.features!) : prepareData(config, source);
  const shown = plane ?? data;
  const plan = planRun(config, dataShape(data));
  const { train } = data;
  const kernels = await selectKernels({
    dtype: config.dtype,
    memoryBytes: wasmBytesFor(config, plan, train.inputDim),
  });
  let last: LastStep | null = null;
  let histograms: { step: number; layers: LayerHistograms } | null = null;
  const run = createRunSession(config, data, {
    kernels,
    plan,
    evaluateTrain: true,
    stopAtTotal: false,
    maxHistory: MAX_HISTORY,
    // NOTE: a probe costs ~2·iterations forward passes per layer; on large networks fewer power-iteration
    // steps keep it to seconds (a looser lower bound on ‖D_l‖₂, still enough for the bars)
    ...(plan.parameters > LARGE_MODEL ? { probeIterations: LARGE_MODEL_ITERATIONS } : {}),
    onStep(record, trainer) {
      const { preNorm, postNorm, clipped } = record.clip;
      last = { epoch: record.epoch, clip: { preNorm, postNorm, clipped } };
      // at the logged steps, before the evaluation runs the model again and overwrites h_l
      if (record.step % config.logEvery === 0 || record.step === 1)
        histograms = { step: record.step, layers: layerHistograms(trainer.model, record.batchSize) };
    },
  });
  // NOTE: only 2-D (and 1-D) data is plotted; an image set's extent is not worth a copy of its pixels
  const extent =
    shown.train.inputDim > 2
      ? dataExtent(shown.train)
      : dataExtent(shown.val ? concat(shown.train, shown.val) : shown.train);
  const info: Omit<RunInfo, 'runId'> = {
    task: train.task,
    loss: plan.loss,
    inputDim: shown.train.inputDim,
    numClasses: train.numClasses ?? 0,
    layers: run.model.blocks.length,
    batchSize: plan.batchSize,
    params: plan.parameters,
    train: points(shown.train),
    val: shown.val ? points(shown.val) : null,
    extent,
    theory: labTheory(predictRun(config, train, plan.outputDim)),
    features: config.features,
  };
  const lastProbe = (): ProbeRecord | null => run.lastProbe;
  /** the mid-run setting changes this run went through, as notes of its document */
  const changes: string[] = [];

  return {
    config,
    csv,
    run,
    data,
    info,
    extent,
    get last() {
      return last;
    },
    step: () => logged(run.step()),
    latest: () => logged(run.latest),
    jacobianNorms: () =>
      Float64Array.from(
        { length: info.layers },
        (_, l) => lastProbe()?.layers[l]?.jacobianMean ?? Number.NaN,
      ),
    resumeFrom(prev) {
      if (!continuable(prev.config, config) || prev.csv !== csv) return false;
      try {
        run.restore(prev.run.save(), 'the running lab session');
      } catch {
        return false;
      }
      last = prev.last;
      changes.push(...prev.changes(), changeNote(prev.config, config, prev.run.stepCount));
      return true;
    },
    changes: () => changes,
    histograms: () => histograms,
    note: (text) => void changes.push(text),
    document() {
      const doc = run.document();
      const steps = doc.steps;
      // NOTE: a run changed mid-way says so in its diagnosis's notes (the document has no notes of its own)
      const notes = [...(doc.diagnosis.notes ?? []), ...changes];
      const diagnosis = notes.length > 0 ? { ...doc.diagnosis, notes } : doc.diagnosis;
      return {
        ...doc,
        config: { ...doc.config, steps },
        plan: { ...doc.plan, totalSteps: steps },
        diagnosis,
      };
    },
    safetensors: () => modelToSafetensors(run.model, { source: 'gradscope lab' }),
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
