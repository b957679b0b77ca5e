// biome-ignore-all assist/source/organizeImports: the exports are grouped by concept, not by path
// gradscope's public API, grouped by concept: re-exports only. The numeric core is pure and runs in
// Node, in a Web Worker and in tests. The CLI, the report pages and the web lab use only this file.

// ── base: errors, numbers, random streams, datasets as data ─────────────────────────────────────────
export { NonFiniteError, shortList, shortText, UsageError } from './core/errors.js';
export { parseDecimal } from './core/decimal.js';
export { createRng, type Rng } from './core/rng.js';
export type { DType, Vec } from './core/tensor.js';
export type { Dataset, Task } from './core/dataset.js';
export { FILE_LIMITS, FLOAT32_MAX, LIMITS, parameterCount } from './core/limits.js';
export { didYouMean, editDistance } from './core/suggest.js';

// ── the network: activations, initializers, layers, the model, losses, kernels ──────────────────────
export {
  ACTIVATION_NAMES,
  type Activation,
  type ActivationName,
  parseActivation,
} from './core/activations.js';
export {
  type BiasInitializer,
  INIT_NAMES,
  type Initializer,
  type InitName,
  parseBiasInit,
  parseInit,
  weightVariance,
} from './core/init.js';
export type { Layer, Mode } from './core/layers/layer.js';
export { NORM_KINDS, type NormKind } from './core/layers/optional.js';
export type { Block } from './core/block.js';
export { createModel, type Model, type ModelSpec, type TensorView } from './core/model.js';
export { getLoss, LOSS_NAMES, type Loss, type LossName } from './core/losses.js';
export {
  argmaxRow,
  dataExtent,
  type Extent,
  forEachPrediction,
  predictedProbability,
} from './core/predict.js';
export type { Kernels } from './core/kernels/types.js';
export {
  type KernelChoice,
  type KernelsPerRun,
  type SelectKernelsOptions,
  selectKernels,
  selectKernelsPerRun,
} from './core/kernels/select.js';
export {
  GEMM_SPLIT_MIN_FLOPS,
  largestStepProduct,
  MAX_THREADS,
  resolveThreads,
  type ThreadsContext,
} from './core/kernels/threads.js';
export { referenceKernels } from './core/kernels/reference.js';
export { type BufferStats, type Moments, plainBufferStats } from './core/kernels/plain-stats.js';
export { createWasmKernels, type SpawnWorker, type WasmKernels } from './core/kernels/wasm/index.js';

// ── the update: optimizers, the L2/L1 penalty, clipping ─────────────────────────────────────────────
export { createOptimizer } from './core/optim/index.js';
export { OPTIMIZER_NAMES, type OptimizerName } from './core/optim/optimizer.js';
export { addPenaltyGrad, penalty } from './core/regularize.js';
export { type ClipResult, clipGradients } from './core/optim/clip.js';

// ── settings (one table: flag, label, rule, default, help), data, the run plan ──────────────────────
export {
  type ConfigInput,
  DEFAULT_STEPS,
  DEFAULTS,
  describeRange,
  MAX_CONSECUTIVE_SKIPS,
  NON_FINITE_ACTIONS,
  PROBE_MODES,
  narrow,
  type NumberRange,
  or,
  parseNumber,
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
export { parseCsv, toCsv } from './core/data/csv.js';
export type { CsvBytes, CsvPasses } from './core/data/csv-source.js';
export { GENERATORS, type GeneratorName, generateData } from './core/data/generators.js';
export { DATA_NAMES, featured, isCsvSource, type PreparedData, prepareData } from './core/data/prepare.js';
export {
  encodePoint,
  FEATURE_LABELS,
  FEATURE_NAMES,
  type FeatureName,
  featureValue,
  hasFeaturePlane,
  withFeatures,
} from './core/data/features.js';
export { pickRows, splitRows, splitTrainVal, subset } from './core/data/split.js';
export { standardize } from './core/data/standardize.js';
export {
  DATA_SET_NAMES,
  DATA_SETS,
  type DataSetInfo,
  type DataSetName,
  isDataSetName,
  licenceOf,
} from './core/data/catalog.js';
export { type IdxTensor, parseIdx, writeIdx } from './core/data/idx.js';
export { checkPart, imagePart, type LoadedData, type LoadedPart, partRows } from './core/data/loaded.js';
export { FASHION_FILES, fashionPart, type IdxFiles, mnistPart } from './core/data/named.js';
export { type DataShape, dataShape, modelSpecOf, planRun, type RunPlan } from './core/plan.js';

// ── records: the run document's one schema, its readers, fixes as data ──────────────────────────────
export {
  type Diagnosis,
  type Evaluation,
  FINDING_CODES,
  FIX_KEYS,
  type Finding,
  type FindingCode,
  type Fix,
  FixSchema,
  type FixValue,
  type HistoryDigest,
  type HistoryEntry,
  isSetFix,
  type LayerInstruments,
  type LayerReport,
  type NonFiniteEvent,
  type PartialLayerReport,
  type PartialRunDocument,
  PartialRunDocumentSchema,
  parseRunConfig,
  parseRunDocument,
  type ProbeRecord,
  RUN_FORMAT_VERSION,
  type RunDocument,
  type RunDocumentJson,
  RunDocumentSchema,
  type RunView,
  parseHistoryLine,
  readSavedRun,
  runJsonSchema,
  type SavedRunFiles,
  type ScaleFix,
  type SetFix,
} from './core/record/index.js';

// ── diagnostics: instruments, probes, the verdict engine, fixes in words ────────────────────────────
export {
  applyFix,
  BOUND_TOLERANCE,
  constantPredictorLoss,
  createClipCounter,
  createInstruments,
  createJacobianProbe,
  createNonFiniteWatch,
  createProber,
  createSharpnessMeter,
  currentValue,
  type DecadeHistogram,
  decadeHistogram,
  decadeOf,
  diagnose,
  diagnoseRun,
  fixInPlace,
  flagName,
  formatDiagnosis,
  formatEvidence,
  HISTOGRAM_DECADES,
  HISTOGRAM_HI,
  HISTOGRAM_LO,
  type Instruments,
  type LayerHistograms,
  layerHistograms,
  modeDecade,
  nonFiniteError,
  PROBE_BATCH,
  PROBE_ITERATIONS,
  renderFix,
  renderFixes,
  SATURATED_FRACTION,
  SATURATION_DERIVATIVE,
  spectralNorm,
  withoutInPlace,
} from './core/diagnostics/index.js';

// ── theory: mean-field predictions (q*, χ₁, ξ_c, the edge of chaos) beside the measurements ──────────
export {
  type Applicability,
  applicability,
  CRITICAL_TOLERANCE,
  chi1,
  chiC,
  cMap,
  criticalWeightVariance,
  cStar,
  depthScale,
  GAUSS_POINTS,
  gaussMean,
  gaussRule,
  type ActivationMoments,
  type LayerPrediction,
  lengthMap,
  momentsOf,
  type NoPrediction,
  type Phase,
  phaseOf,
  predictTheory,
  qStar,
  type TheoryNet,
  type TheoryPrediction,
  theorySentence,
  type Variances,
  xiC,
  xiQ,
} from './core/theory/index.js';
export {
  formatTheory,
  inputMeanSquare,
  predictDocument,
  predictRun,
  type RunTheory,
  type TheoryConfig,
  theoryNetOf,
} from './core/diagnostics/index.js';

// ── training: the trainer (one step), the session (the one loop), a whole run ────────────────────────
export {
  createTrainer,
  type StepRecord,
  type TrainData,
  type Trainer,
} from './core/train/trainer.js';
export {
  createSession,
  openSession,
  type Session,
  type SessionHooks,
  type SessionOptions,
  type SessionState,
} from './core/train/session.js';
export {
  CHECKPOINT_FORMAT,
  type CheckpointInfo,
  type DecodedCheckpoint,
  dataFingerprint,
  decodeCheckpoint,
  type EncodeOptions,
  encodeCheckpoint,
  fillHistory,
  restoreCheckpoint,
  type StoredState,
} from './core/train/checkpoint.js';
export { type RunOptions, runTraining } from './core/train/run.js';
export type { FinalEvaluation, TrainResult } from './core/train/result.js';
export { type LayerStats, measureLayers } from './core/train/layer-stats.js';

// ── io: weights as safetensors, TF.js layers models, PyTorch state_dicts ─────────────────────────────
export { decodeSafetensors, encodeSafetensors } from './core/io/safetensors.js';
export {
  type LoadableTensor,
  type LoadOptions,
  type LoadReport,
  loadSafetensorsIntoModel,
  loadTensorsIntoModel,
  modelToSafetensors,
} from './core/io/weights.js';
export type { ImportedNet } from './core/io/net.js';
export { modelToTfjs, TFJS_WEIGHTS_FILE, type TfjsModelJson } from './core/io/tfjs-format.js';
export { tfjsToNet, tfjsWeightPaths } from './core/io/tfjs-import.js';
export { isTorchStateDict, torchStateDictToNet } from './core/io/torch-format.js';

// ── experiments: each claim of the notes, reproduced ────────────────────────────────────────────────
export * from './core/experiments/index.js';

// ── sweeps: a definition's trials, their seeds, one trial (the runners are gradscope/sweep) ──────────
export {
  type AggregateCell,
  type AggregateInput,
  aggregate,
  compareMetric,
  DISTRIBUTIONS,
  distinctValues,
  type Distribution,
  expandTrials,
  GOALS,
  type Goal,
  gridSize,
  gridValues,
  MAX_TRIALS,
  type Metric,
  METRIC_NAMES,
  type MetricName,
  metricOf,
  type ParameterSpec,
  parseSweepDefinition,
  runTrial,
  SWEEP_METHODS,
  type SweepDefinition,
  type SweepMethod,
  sweepId,
  TRIAL_HISTORY_LIMIT,
  type TrialOutcome,
  type TrialRunOptions,
  type TrialSpec,
  type TrialStatus,
  trialAt,
  trialCount,
  trialParams,
  trialSampler,
  trialSeed,
} from './core/sweep/index.js';
