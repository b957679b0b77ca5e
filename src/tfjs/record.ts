// The watcher's measurements as a gradscope run document (src/core/record/, version 1), so diagnose,
// report and the verdict engine read a tfjs run exactly as they read gradscope's own. Where TrainConfig
// cannot say what the tfjs model is, the values chosen are documented in docs/tfjs.md; the true names
// (optimizer class, loss, layer classes, backend) go to tfjs.json beside the run.

import type * as tf from '@tensorflow/tfjs-core';
import {
  BOUND_TOLERANCE,
  constantPredictorLoss,
  type Dataset,
  DEFAULTS,
  diagnose,
  type HistoryEntry,
  type LayerInstruments,
  type LayerReport,
  type NonFiniteEvent,
  type OptimizerName,
  type ProbeRecord,
  RUN_FORMAT_VERSION,
  type RunDocument,
  type TrainConfig,
  UsageError,
} from '../index.js';
import type { ModelMap } from './model-map.js';
import { stageSettings } from './pipeline.js';
import type { WatchStep } from './steps.js';
import { described } from './words.js';

export interface ClipTally {
  steps: number;
  clippedSteps: number;
  firstClippedStep: number | null;
  maxPreNorm: number;
}

export interface RecordInput {
  readonly map: ModelMap;
  readonly optimizer: tf.Optimizer;
  readonly every: number;
  readonly steps: readonly WatchStep[];
  readonly stepsSeen: number;
  readonly epoch: number;
  readonly batchSize: number;
  readonly probe: { readonly x: Float32Array; readonly y: Float32Array; readonly rows: number };
  readonly final: { readonly loss: number; readonly accuracy?: number };
  readonly clip: ClipTally;
  readonly nonFinite: NonFiniteEvent | null;
}

/** tfjs activation names in gradscope's words; the rest have no equivalent and keep tfjs's name. */
// NOTE: tfjs's 'gelu' is the erf form; gradscope's gelu is the tanh approximation, tfjs's 'gelu_new'
const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  elu: 'elu',
  gelu_new: 'gelu',
};

const INITS: Record<string, string> = {
  GlorotUniform: 'xavier-uniform',
  GlorotNormal: 'xavier-normal',
  HeNormal: 'he-normal',
  HeUniform: 'he-uniform',
  LeCunNormal: 'lecun-normal',
  Zeros: 'zeros',
  RandomNormal: 'normal',
  RandomUniform: 'uniform',
};

/** tfjs serializes glorotUniform, heNormal, … as VarianceScaling with these parameters. */
function varianceScalingName(c: {
  scale?: number;
  mode?: string;
  distribution?: string;
}): string | undefined {
  const dist = c.distribution === 'uniform' ? 'uniform' : 'normal';
  if (c.scale === 1 && c.mode === 'fanAvg') return `xavier-${dist}`;
  if (c.scale === 2 && c.mode === 'fanIn') return `he-${dist}`;
  if (c.scale === 1 && c.mode === 'fanIn' && dist === 'normal') return 'lecun-normal';
  return undefined;
}

const OPTIMIZERS: Record<string, OptimizerName> = { SGD: 'sgd', Momentum: 'momentum', Adam: 'adam' };

const activationOf = (name: string): string => ACTIVATIONS[name] ?? name;

/** The tfjs optimizer in gradscope's names; one without an equivalent is recorded as sgd (tfjs.json has it). */
function optimizerSettings(
  opt: tf.Optimizer,
): Pick<TrainConfig, 'optimizer' | 'lr' | 'momentum' | 'beta1' | 'beta2' | 'eps' | 'weightDecay'> {
  const c = opt.getConfig() as Record<string, unknown>;
  const num = (key: string, fallback: number): number =>
    typeof c[key] === 'number' ? (c[key] as number) : fallback;
  let optimizer: OptimizerName = OPTIMIZERS[opt.getClassName()] ?? 'sgd';
  if (optimizer === 'momentum' && c.useNesterov === true) optimizer = 'nesterov';
  const weightDecay = stageSettings(opt).weightDecay ?? 0;
  if (optimizer === 'adam' && weightDecay > 0) optimizer = 'adamw';
  return {
    optimizer,
    lr: num('learningRate', DEFAULTS.lr),
    momentum: num('momentum', DEFAULTS.momentum),
    beta1: num('beta1', DEFAULTS.beta1),
    beta2: num('beta2', DEFAULTS.beta2),
    eps: num('epsilon', 1e-7),
    weightDecay,
  };
}

function describeConfig(r: RecordInput): TrainConfig {
  const { map } = r;
  const hidden = map.dense.slice(0, -1);
  const out = map.dense.at(-1)!;
  const first = (hidden[0] ?? out).layer.getConfig() as {
    kernelInitializer?: {
      className?: string;
      config?: { scale?: number; mode?: string; distribution?: string };
    };
    biasInitializer?: { className?: string; config?: { value?: number } };
  };
  // the activation of the hidden layers; a one-layer model's own output activation (tfjs #918: relu)
  const activation = activationOf(hidden[0]?.activation ?? (out.folded ? 'linear' : out.activation));
  const kernelInit = first.kernelInitializer;
  const initName =
    (kernelInit?.className === 'VarianceScaling'
      ? varianceScalingName(kernelInit.config ?? {})
      : undefined) ??
    kernelInit?.className ??
    'GlorotUniform';
  const bias = first.biasInitializer;
  const clips = stageSettings(r.optimizer);
  return {
    ...DEFAULTS,
    data: `tfjs:${map.model.name}`,
    samples: r.probe.rows,
    noise: 0,
    valSplit: 0,
    target: null,
    hidden: hidden.map((d) => d.fanOut),
    activation,
    init: INITS[initName] ?? initName,
    biasInit: bias?.className === 'Constant' ? (bias.config?.value ?? 0) : 0,
    loss: map.loss,
    dtype: 'float32',
    batchSize: r.batchSize,
    steps: r.stepsSeen,
    epochs: null,
    ...optimizerSettings(r.optimizer),
    l2: 0,
    l1: 0,
    clipNorm: clips.clipNorm ?? null,
    clipLayerNorm: clips.clipLayerNorm ?? null,
    clipValue: clips.clipValue ?? null,
    norm: map.norm,
    residual: false,
    dropout: map.dropout,
    seed: 0,
    logEvery: r.every,
    probeEvery: r.every,
  };
}

/** The probe batch as a gradscope Dataset, for the constant-predictor baseline. */
function probeDataset(r: RecordInput): Dataset {
  const { rows: n, x, y } = r.probe;
  const inputDim = x.length / n;
  const T = y.length / n;
  if (r.map.loss === 'mse') {
    return {
      name: 'probe',
      x: Float64Array.from(x),
      y: Float64Array.from(y),
      n,
      inputDim,
      targetDim: T,
      task: 'regression',
    };
  }
  // one-hot rows become labels; bce and sparse labels are labels already
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++)
    labels[i] = T === 1 ? Math.round(y[i]!) : y.subarray(i * T, (i + 1) * T).indexOf(1);
  const classes = r.map.loss === 'bce' ? 2 : Math.max(T, r.map.dense.at(-1)!.fanOut);
  return {
    name: 'probe',
    x: Float64Array.from(x),
    y: labels,
    n,
    inputDim,
    targetDim: 1,
    task: r.map.loss === 'bce' ? 'binary' : 'multiclass',
    numClasses: classes,
  };
}

function instruments(s: WatchStep): LayerInstruments[] {
  const L = s.layers.length;
  return s.layers.map((l, i) => {
    // statistics of f exist where the layer has its own activation (the hidden layers, or #918's output)
    const own = i < L - 1 || !Number.isNaN(l.deadFraction) || !Number.isNaN(l.saturatedFraction);
    const orNull = (v: number): number | null => (own ? v : null);
    return {
      index: i,
      weightNorm: l.weightNorm,
      gradNorm: l.gradNorm,
      biasGradNorm: l.biasGradNorm,
      updateRatio: l.updateRatio,
      signalGradNorm: l.signalGradNorm,
      signalRatio: l.signalRatio,
      zMean: orNull(l.zMean),
      zStd: orNull(l.zStd),
      aMean: orNull(l.aMean),
      aStd: orNull(l.aStd),
      meanDerivative: orNull(l.meanDerivative),
      deadFraction: Number.isNaN(l.deadFraction) ? null : l.deadFraction,
      saturatedFraction: Number.isNaN(l.saturatedFraction) ? null : l.saturatedFraction,
      // NOTE: the TF.js watcher does not read block outputs
      activationRms: null,
    };
  });
}

export function historyEntry(s: WatchStep): HistoryEntry {
  return {
    step: s.step,
    epoch: s.epoch,
    loss: s.loss,
    penalty: 0,
    gradNorm: s.layers.map((l) => l.gradNorm),
    clipPreNorm: s.clipPreNorm,
    clipPostNorm: s.clipPostNorm,
    clipped: s.clipped,
    instruments: instruments(s),
  };
}

function probeRecord(s: WatchStep, loss: RecordInput['map']['loss']): ProbeRecord | null {
  const j = s.jacobian;
  if (!j) return null;
  return {
    // measured before the update of step s: at the weights after s − 1 updates
    step: s.step - 1,
    batch: j.batch,
    iterations: 30,
    layers: s.layers.map((l, i) => ({
      index: i,
      jacobianMean: l.jacobianMean,
      jacobianMax: l.jacobianMax,
      weightSpectralNorm: l.weightSpectralNorm,
      weightNorm: l.weightNorm,
    })),
    endToEndMean: j.endToEndMean,
    endToEndMax: j.endToEndMax,
    boundMean: j.boundMean,
    boundMax: j.boundMax,
    boundHolds: j.boundViolations === 0,
    boundViolations: j.boundViolations,
    boundTolerance: BOUND_TOLERANCE,
    sharpness: {
      mean: j.sharpnessMean,
      max: j.sharpnessMax,
      points: j.batch,
      over: 'data',
      output: loss === 'mse' ? 'value' : 'probability',
    },
  };
}

export function buildRunDocument(r: RecordInput): RunDocument {
  const { map } = r;
  const config = describeConfig(r);
  const history = r.steps.map(historyEntry);
  if (history.length === 0) {
    throw new UsageError(
      'watcher.document',
      'at least one training step (fit, trainOnBatch or fitDataset)',
      described('none'),
    );
  }
  const last = r.steps.at(-1)!;
  const lastInstruments = history.at(-1)!.instruments!;
  const layers = map.dense.map((d, i): LayerReport => {
    const { index: _, ...inst } = lastInstruments[i]!;
    const l = last.layers[i]!;
    return {
      index: i,
      fanIn: d.fanIn,
      fanOut: d.fanOut,
      activation: i === map.dense.length - 1 && d.folded ? 'linear' : activationOf(d.activation),
      ...inst,
      jacobianMean: l.jacobianMean,
      jacobianMax: l.jacobianMax,
      weightSpectralNorm: l.weightSpectralNorm,
    };
  });
  const probes = r.steps.flatMap((s) => probeRecord(s, map.loss) ?? []);
  const train = {
    loss: r.final.loss,
    ...(r.final.accuracy === undefined ? {} : { accuracy: r.final.accuracy }),
  };
  const parameters = map.model.countParams();
  const view = {
    config,
    steps: r.stepsSeen,
    final: { train: { ...train, penalty: 0, objective: train.loss } },
    layers,
    history,
    probes,
    nonFinite: r.nonFinite,
    clipping: {
      clippedSteps: r.clip.clippedSteps,
      steps: r.clip.steps,
      fraction: r.clip.steps === 0 ? 0 : r.clip.clippedSteps / r.clip.steps,
      firstClippedStep: r.clip.firstClippedStep,
      maxPreNorm: r.clip.maxPreNorm,
    },
    baseline: { constantLoss: constantPredictorLoss(probeDataset(r), map.loss) },
  };
  return {
    version: RUN_FORMAT_VERSION,
    ...view,
    plan: {
      loss: map.loss,
      outputDim: map.dense.at(-1)!.fanOut,
      batchSize: r.batchSize,
      capacity: r.probe.rows,
      totalSteps: r.stepsSeen,
      batchesPerEpoch: r.epoch > 0 ? Math.max(1, Math.round(r.stepsSeen / r.epoch)) : r.stepsSeen,
      parameters,
    },
    diagnosis: diagnose(view),
  };
}
