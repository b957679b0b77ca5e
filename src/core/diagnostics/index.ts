// Gradient-flow diagnostics: per-step instruments, Jacobian probes, the verdict engine and its text form.

export { constantPredictorLoss } from './baseline.js';
export { type ClipCounter, type ClipSummary, createClipCounter } from './clip-events.js';
export { diagnose, diagnoseRun, nonFiniteError } from './diagnose.js';
export {
  type Diagnosis,
  type Evidence,
  FINDING_CODES,
  type Finding,
  type FindingCode,
  fmt as formatEvidence,
  type VanishingCause,
} from './finding.js';
export {
  applyFix,
  currentValue,
  fixInPlace,
  flagName,
  renderFix,
  renderFixes,
  type Settings,
  withoutInPlace,
} from './fixes.js';
export { formatDiagnosis } from './format.js';
export {
  type DecadeHistogram,
  decadeHistogram,
  decadeOf,
  HISTOGRAM_DECADES,
  HISTOGRAM_HI,
  HISTOGRAM_LO,
  type LayerHistograms,
  layerHistograms,
  modeDecade,
} from './histogram.js';
export {
  createInstruments,
  type InstrumentOptions,
  type Instruments,
  type LayerInstruments,
} from './instruments.js';
export { createJacobianProbe, type JacobianProbe } from './jacobian.js';
export {
  createNonFiniteWatch,
  type NonFiniteEvent,
  type NonFinitePhase,
  type NonFiniteWatch,
} from './non-finite.js';
export { spectralNorm } from './power.js';
export { createProber, type ProbeLayer, type ProbeOptions, type ProbeRecord, type Prober } from './probe.js';
export {
  type Measured,
  parseRunDocument,
  type RunDocument,
  readSavedRun,
  type SavedRunFiles,
} from './run-document.js';
export { createSharpnessMeter, type SharpnessResult, sharpnessPoints } from './sharpness.js';
export {
  formatTheory,
  inputMeanSquare,
  predictDocument,
  predictRun,
  type RunTheory,
  type TheoryConfig,
  theoryNetOf,
} from './theory.js';
export {
  BOUND_TOLERANCE,
  DEAD_CAUSE_FRACTION,
  DEAD_RELU_FRACTION,
  EXPLODING_RATIO,
  LAYER_FLOW_RATIO,
  MIN_FIT_STEPS,
  OVERFIT_MIN_RISE,
  OVERFIT_WINDOW,
  PROBE_BATCH,
  PROBE_ITERATIONS,
  SATURATED_CAUSE_FRACTION,
  SATURATED_FRACTION,
  SATURATION_DERIVATIVE,
  SHARPNESS_GRID,
  SHARPNESS_LINE,
  SHARPNESS_MAX_POINTS,
  SHARPNESS_PAD,
  UNDERFIT_LOSS_RATIO,
  VANISHING_RATIO,
  WEIGHT_COLLAPSE_RATIO,
} from './thresholds.js';
