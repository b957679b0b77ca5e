// gradscope's public API, grouped by concept: re-exports only. The numeric core is pure and runs in
// Node, in a Web Worker and in tests. The CLI, the report pages and the web lab use only this file.

// ── the network: tensors, activations, initializers, layers, the model, losses, kernels ────────────
export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationName,
  parseActivation,
} from './core/activations.js';
export type { Block } from './core/block.js';
export { parseCsv, toCsv } from './core/data/csv.js';
export { GENERATORS, type GeneratorName, generateData } from './core/data/generators.js';
export { isCsvSource, type PreparedData, prepareData } from './core/data/prepare.js';
export { splitTrainVal, subset } from './core/data/split.js';
export type { Dataset, Task } from './core/dataset.js';
// ── diagnostics: instruments, probes, the verdict engine ────────────────────────────────────────────
export * from './core/diagnostics/index.js';
// ── errors ────────────────────────────────────────────────────────────────────────────────────────
export { parseDecimal } from './core/decimal.js';
export { NonFiniteError, UsageError } from './core/errors.js';
// ── experiments: each claim of the notes, reproduced ────────────────────────────────────────────────
export * from './core/experiments/index.js';
export { INIT_NAMES, type Initializer, type InitName, parseInit } from './core/init.js';
export { decodeSafetensors, encodeSafetensors } from './core/io/safetensors.js';
export { loadSafetensorsIntoModel, modelToSafetensors } from './core/io/weights.js';
export { type BufferStats, type Moments, plainBufferStats } from './core/kernels/plain-stats.js';
export { referenceKernels } from './core/kernels/reference.js';
export { type KernelChoice, type SelectKernelsOptions, selectKernels } from './core/kernels/select.js';
export type { Kernels } from './core/kernels/types.js';
export { createWasmKernels, type SpawnWorker, type WasmKernels } from './core/kernels/wasm/index.js';
export type { Layer, Mode } from './core/layers/layer.js';
export { NORM_KINDS, type NormKind } from './core/layers/optional.js';
export { LIMITS, parameterCount } from './core/limits.js';
export { getLoss, LOSS_NAMES, type Loss, type LossName } from './core/losses.js';
export { createModel, type Model, type ModelSpec, type TensorView } from './core/model.js';
export { type ClipResult, clipGradients } from './core/optim/clip.js';
// ── the update: optimizers, the L2/L1 penalty, clipping ─────────────────────────────────────────────
export { createOptimizer } from './core/optim/index.js';
export { OPTIMIZER_NAMES, type OptimizerName } from './core/optim/optimizer.js';
export { type DataShape, dataShape, planRun, type RunPlan } from './core/plan.js';
export {
  argmaxRow,
  dataExtent,
  type Extent,
  forEachPrediction,
  predictedProbability,
} from './core/predict.js';
// ── records and io: run documents, fixes as data, safetensors ───────────────────────────────────────
export {
  FIX_KEYS,
  type Fix,
  FixSchema,
  type FixValue,
  isSetFix,
  type ScaleFix,
  type SetFix,
} from './core/record/fix.js';
export { addPenaltyGrad, penalty } from './core/regularize.js';
export { createRng, type Rng } from './core/rng.js';
// ── settings, data and the run plan ─────────────────────────────────────────────────────────────────
export {
  type ConfigInput,
  DEFAULT_STEPS,
  DEFAULTS,
  describeRange,
  type NumberRange,
  parseNumber,
  narrow,
  type Rule,
  type RuleShape,
  resolveConfig,
  SETTING_KEYS,
  SETTINGS,
  type Setting,
  type SettingGroup,
  type SettingKey,
  type SettingValue,
  settingError,
  settingOf,
  type TrainConfig,
} from './core/settings/index.js';
export type { DType, Vec } from './core/tensor.js';
// ── training: the trainer (one step), the session (the one loop), a whole run ────────────────────────
export { type LayerStats, measureLayers } from './core/train/layer-stats.js';
export {
  type FinalEvaluation,
  type HistoryEntry,
  RUN_FORMAT_VERSION,
  type TrainResult,
} from './core/train/result.js';
export { type RunOptions, runTraining } from './core/train/run.js';
export {
  createSession,
  openSession,
  type Session,
  type SessionHooks,
  type SessionOptions,
} from './core/train/session.js';
export {
  createTrainer,
  type Evaluation,
  type StepRecord,
  type TrainData,
  type Trainer,
} from './core/train/trainer.js';
