// gradscope's public API: re-exports only. The numeric core is pure and runs in Node and in a Web Worker.

export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationName,
  parseActivation,
} from './core/activations.js';
export type { Block } from './core/block.js';
export { type ConfigInput, DEFAULT_STEPS, DEFAULTS, resolveConfig, type TrainConfig } from './core/config.js';
export { parseCsv, toCsv } from './core/data/csv.js';
export { GENERATORS, type GeneratorName, generateData } from './core/data/generators.js';
export { isCsvSource, type PreparedData, prepareData } from './core/data/prepare.js';
export { splitTrainVal, subset } from './core/data/split.js';
export type { Dataset, Task } from './core/data/types.js';
export { NonFiniteError, UsageError } from './core/errors.js';
export { INIT_NAMES, type Initializer, type InitName, parseInit } from './core/init.js';
export { decodeSafetensors, encodeSafetensors } from './core/io/safetensors.js';
export { loadSafetensorsIntoModel, modelToSafetensors } from './core/io/weights.js';
export { referenceKernels } from './core/kernels/reference.js';
export type { Kernels } from './core/kernels/types.js';
export { createWasmKernels } from './core/kernels/wasm/index.js';
export type { Layer, Mode } from './core/layers/layer.js';
export { getLoss, LOSS_NAMES, type Loss, type LossName } from './core/losses.js';
export { createModel, type Model, type ModelSpec, type TensorView } from './core/model.js';
export { createOptimizer } from './core/optim/index.js';
export {
  type PartialRunDocument,
  PartialRunDocumentSchema,
  parseRunDocument,
  RUN_FORMAT_VERSION,
  type RunDocument,
  type RunDocumentJson,
  RunDocumentSchema,
  readSavedRun,
  runJsonSchema,
  type SavedRunFiles,
} from './core/record/index.js';
export { addPenaltyGrad, penalty } from './core/regularize.js';
export { createRng, type Rng } from './core/rng.js';
export type { DType, Vec } from './core/tensor.js';
export { type ClipResult, clipGradients } from './core/train/clip.js';
export { type LayerStats, measureLayers } from './core/train/layer-stats.js';
export { type HistoryEntry, runTraining, type TrainResult } from './core/train/run.js';
export { createTrainer, type StepRecord, type TrainData, type Trainer } from './core/train/trainer.js';
