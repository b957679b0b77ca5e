// Sweeps, the pure part: the definition, its trials, their seeds, one trial run and the metric.
// The runners (worker threads, SQLite, BullMQ) are Node's: src/node/sweep/ (gradscope/sweep).

export { type AggregateCell, type AggregateInput, aggregate, distinctValues } from './aggregate.js';
export {
  DISTRIBUTIONS,
  type Distribution,
  gridSize,
  gridValues,
  MAX_TRIALS,
  type ParameterSpec,
  parseSweepDefinition,
  SWEEP_METHODS,
  type SweepDefinition,
  type SweepMethod,
  trialCount,
} from './definition.js';
export { expandTrials, type TrialSpec, trialAt, trialParams } from './expand.js';
export { sweepId } from './id.js';
export {
  compareMetric,
  GOALS,
  type Goal,
  METRIC_NAMES,
  type Metric,
  type MetricName,
  metricOf,
} from './metric.js';
export { trialSampler, trialSeed } from './seed.js';
export {
  runTrial,
  TRIAL_HISTORY_LIMIT,
  type TrialOutcome,
  type TrialRunOptions,
  type TrialStatus,
} from './trial.js';
