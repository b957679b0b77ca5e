export { runActivations } from './activations.js';
export { CHAIN_DEPTHS, CHAIN_FACTORS, judgePrinted, measureChain, runChain } from './chain.js';
export {
  EDGE_CRITICAL_SIGMA_B2,
  EDGE_SIGMA_B2,
  EDGE_SIGMA_W2,
  type EdgeData,
  type EdgeOptions,
  measureFactor,
  runEdgeOfChaos,
} from './edge-of-chaos.js';
export { runExploding } from './exploding.js';
export { runInit } from './init.js';
export { runModes } from './modes.js';
export { runOverfitting } from './overfitting.js';
export { EXPERIMENT_NAMES, EXPERIMENTS, type ExperimentName, isExperimentName, runAll } from './registry.js';
export {
  CLUSTERS_FILE,
  CLUSTERS_VAL_SPLIT,
  clustersCsv,
  DEFAULT_BUDGET,
  FULL_GRID,
  gaussianClusters,
  inProcessRunner,
  runTrainability,
  SMALL_GRID,
  type TrainabilityData,
  type TrainabilityOptions,
  type Trial,
  type TrialOutcome as TrainabilityOutcome,
  type TrialRunner,
  trainabilityTrials,
} from './trainability.js';
export type {
  BarChart,
  Cell,
  Chart,
  ExperimentOptions,
  ExperimentResult,
  FieldChart,
  HeatmapChart,
  LineChart,
  Series,
  Table,
} from './types.js';
export { runUnderfitting } from './underfitting.js';
