// The run plan: everything a run derives from its config and the shape of its data, derived once, with
// one rule each. The trainer, the session, the size limits, the lab and the run document all read it.
//   loss        --loss, else bce for 2 classes, ce for more, mse for regression
//   outputDim   ce: one logit per class; bce: 1; mse: the target width
//   batchSize   full = n; else min(b, n): a batch past the data is the full batch
//   capacity    rows every buffer holds: the batch, and at least min(256, largest split) for evaluation
//   totalSteps  --steps, else --epochs × batches per epoch, else DEFAULT_STEPS
// planRun refuses a run that is inconsistent (bce on 3 classes) or too large to finish (see LIMITS).

import { checkDataset, type Dataset, type Task } from './dataset.js';
import { UsageError } from './errors.js';
import { LIMITS, parameterCount } from './limits.js';
import type { LossName } from './losses.js';
import { type ModelSpec, residualBlockCount } from './model.js';
import { DEFAULT_STEPS, settingError, type TrainConfig } from './settings/index.js';

/** What a plan needs to know of the data: sizes and the task, not the values. */
export interface DataShape {
  /** training examples */
  readonly n: number;
  /** validation examples (0 without a split) */
  readonly valN: number;
  readonly inputDim: number;
  readonly targetDim: number;
  readonly task: Task;
  /** classes for classification (2 for binary); null for regression */
  readonly numClasses: number | null;
}

export interface RunPlan {
  readonly loss: LossName;
  readonly outputDim: number;
  readonly batchSize: number;
  readonly capacity: number;
  readonly totalSteps: number;
  readonly batchesPerEpoch: number;
  /** weights and biases of the Dense layers */
  readonly parameters: number;
}

/** Evaluation runs in chunks of at most this many rows; the buffers hold at least that many. */
const EVAL_ROWS = 256;

export function dataShape(data: { readonly train: Dataset; readonly val: Dataset | null }): DataShape {
  const { train, val } = data;
  checkDataset('data.train', train);
  if (val) {
    checkDataset('data.val', val, 0);
    for (const key of ['inputDim', 'targetDim', 'task'] as const)
      if (val[key] !== train[key])
        throw new UsageError(`data.val.${key}`, `the training set's (${train[key]})`, val[key]);
  }
  return {
    n: train.n,
    valN: val?.n ?? 0,
    inputDim: train.inputDim,
    targetDim: train.targetDim,
    task: train.task,
    numClasses: train.task === 'regression' ? null : (train.numClasses ?? 2),
  };
}

function planLoss(config: TrainConfig, shape: DataShape): { loss: LossName; outputDim: number } {
  const { task } = shape;
  const loss = config.loss ?? (task === 'binary' ? 'bce' : task === 'multiclass' ? 'ce' : 'mse');
  if (task === 'regression' && loss !== 'mse') throw settingError('loss', 'mse for regression data', loss);
  if (loss === 'bce' && task === 'multiclass') {
    throw settingError('loss', `ce or mse for ${shape.numClasses}-class data`, 'bce');
  }
  const outputDim = loss === 'ce' ? (shape.numClasses ?? 2) : loss === 'bce' ? 1 : shape.targetDim;
  return { loss, outputDim };
}

/**
 * A batch larger than the training set is the whole set (`full`), as a PyTorch DataLoader or Keras
 * `fit(batch_size=…)` gives one short batch: `--batch-size 32` on 30 rows trains on batches of 30.
 */
function planBatch(config: TrainConfig, n: number): number {
  return config.batchSize === 'full' ? n : Math.min(config.batchSize, n);
}

/**
 * BatchNorm's train mode needs ≥ 2 rows per batch (PyTorch raises "Expected more than 1 value per channel
 * when training"); check it once here so a run does not fail at the last, short batch of an epoch.
 */
function checkBatchNorm(config: TrainConfig, batchSize: number, n: number): void {
  if (config.norm !== 'batch') return;
  if (batchSize < 2) {
    throw settingError(
      'batchSize',
      '≥ 2 with --norm batch (BatchNorm needs more than 1 value per feature when training)',
      batchSize,
    );
  }
  if (n % batchSize === 1) {
    throw settingError(
      'batchSize',
      `a size that does not leave a last batch of 1 example with --norm batch (${n} training examples)`,
      batchSize,
    );
  }
}

/** Derive the plan of a run; throws UsageError naming the setting to change. */
export function planRun(config: TrainConfig, shape: DataShape): RunPlan {
  const { loss, outputDim } = planLoss(config, shape);
  const widths = [shape.inputDim, ...config.hidden, outputDim];
  // a two-layer residual branch adds an (n, n) Dense to each residual block
  const branches =
    config.residual && config.residualBranch === 2 ? residualWidths(shape.inputDim, config.hidden) : [];
  const parameters = parameterCount(widths) + branches.reduce((s, n) => s + n * n + n, 0);
  const name = widths.join('-');
  if (parameters > LIMITS.parameters) {
    throw settingError(
      'data',
      `at most ${LIMITS.parameters} parameters in the ${name} network it needs (fewer columns, or a smaller --hidden)`,
      `${parameters} parameters`,
    );
  }
  if (config.residual && residualBlockCount(shape.inputDim, config.hidden) === 0) {
    throw settingError(
      'residual',
      'at least one hidden block whose input width equals its output width (h + F(h) needs equal shapes)',
      `widths ${[shape.inputDim, ...config.hidden].join('→')}: no block has matching widths`,
    );
  }
  const batchSize = planBatch(config, shape.n);
  checkBatchNorm(config, batchSize, shape.n);
  const capacity = Math.max(batchSize, Math.min(EVAL_ROWS, Math.max(shape.n, shape.valN)));
  checkActivations(config, capacity, batchSize, widths);
  const batchesPerEpoch = Math.ceil(shape.n / batchSize);
  const totalSteps =
    config.steps ?? (config.epochs === null ? DEFAULT_STEPS : config.epochs * batchesPerEpoch);
  if (totalSteps > LIMITS.steps) {
    throw settingError(
      'epochs',
      `at most ${LIMITS.steps} steps (${batchesPerEpoch} a pass here): at most ${Math.floor(LIMITS.steps / batchesPerEpoch)} epochs`,
      config.epochs,
    );
  }
  return { loss, outputDim, batchSize, capacity, totalSteps, batchesPerEpoch, parameters };
}

/** The widths of the residual blocks (hidden blocks whose input width equals their output width). */
function residualWidths(inputDim: number, hidden: readonly number[]): number[] {
  return hidden.filter((n, l) => (l === 0 ? inputDim : hidden[l - 1]) === n);
}

/** Every layer keeps several (capacity, width) buffers: refuse what would not fit in memory. */
function checkActivations(config: TrainConfig, rows: number, batch: number, widths: number[]): void {
  const units = widths.reduce((a, b) => a + b, 0);
  if (rows * units <= LIMITS.batchActivations) return;
  const limit = `${LIMITS.batchActivations} activations a batch`;
  const name = widths.join('-');
  if (rows === batch) {
    const most = Math.floor(LIMITS.batchActivations / units);
    throw settingError(
      'batchSize',
      `at most ${most} rows for ${units} units (${name}; ${limit})`,
      config.batchSize === 'full' ? `full (${rows} rows)` : rows,
    );
  }
  // NOTE: the config does not say whether the widths came from --hidden or --depth/--width
  const flag = config.hidden.every((w) => w === config.hidden[0]) ? 'width' : 'hidden';
  const most = Math.floor(LIMITS.batchActivations / rows);
  throw settingError(
    flag,
    `at most ${most} units in all layers with ${rows} rows (${limit})`,
    `${units} (${name})`,
  );
}

/**
 * A run that keeps its whole history in memory (the library's default session) keeps a record every
 * logEvery (and probeEvery) steps, plus the first and the last, for each Dense layer: refuse what would
 * not fit. A bounded session (maxHistory, as the CLI runs) needs no such cap.
 */
export function checkHistorySize(config: TrainConfig, total: number, layers: number): void {
  checkRecords('logEvery', config.logEvery, total, layers);
  if (config.probeEvery > 0) checkRecords('probeEvery', config.probeEvery, total, layers);
}

/** A record every `every` steps, plus the first and the last, for each of `layers` Dense layers. */
function checkRecords(flag: 'logEvery' | 'probeEvery', every: number, total: number, layers: number): void {
  const records = (Math.floor(total / every) + 2) * layers;
  if (records <= LIMITS.layerRecords) return;
  const perLayer = Math.floor(LIMITS.layerRecords / layers) - 2;
  const least = perLayer > 0 ? Math.ceil(total / perLayer) : total;
  throw settingError(
    flag,
    `≥ ${least} for ${total} steps of a ${layers}-layer network (at most ${LIMITS.layerRecords} layer records are kept in memory; a session with maxHistory keeps fewer)`,
    every,
  );
}

/** The network a run builds: the config's architecture between the data's input and the plan's output width. */
export function modelSpecOf(
  config: TrainConfig,
  inputDim: number,
  plan: Pick<RunPlan, 'outputDim'>,
): ModelSpec {
  return {
    inputDim,
    hidden: config.hidden,
    outputDim: plan.outputDim,
    activation: config.activation,
    init: config.init,
    biasInit: config.biasInit,
    norm: config.norm,
    residual: config.residual,
    residualBranch: config.residualBranch,
    residualScale: config.residualScale,
    dropout: config.dropout,
  };
}
