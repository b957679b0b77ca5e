export { runActivations } from './activations.js';
export { CHAIN_DEPTHS, CHAIN_FACTORS, judgePrinted, measureChain, runChain } from './chain.js';
export { runExploding } from './exploding.js';
export { runInit } from './init.js';
export { runModes } from './modes.js';
export { runOverfitting } from './overfitting.js';
export { EXPERIMENT_NAMES, EXPERIMENTS, type ExperimentName, isExperimentName, runAll } from './registry.js';
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
