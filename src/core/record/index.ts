// The run document: one zod schema for what `train --json` prints and `train --out` saves, the types
// parsed from it, and the readers. Below diagnostics and train: they import from here, never back.

export { PlanSchema, TrainConfigSchema } from './config.js';
export { type HistoryDigest, HistoryDigestSchema } from './digest.js';
export {
  type Final,
  FinalSchema,
  type PartialRunDocument,
  PartialRunDocumentSchema,
  RUN_FORMAT_VERSION,
  type RunConfigFile,
  RunConfigFileSchema,
  type RunDocument,
  type RunDocumentJson,
  RunDocumentSchema,
  type RunView,
  VersionSchema,
} from './document.js';
export {
  type ClipSummary,
  ClipSummarySchema,
  NON_FINITE_PHASES,
  type NonFiniteEvent,
  NonFiniteEventSchema,
  type NonFinitePhase,
} from './events.js';
export {
  type Diagnosis,
  DiagnosisSchema,
  type Evidence,
  EvidenceSchema,
  FINDING_CODES,
  type Finding,
  type FindingCode,
  FindingCodeSchema,
  FindingSchema,
  VANISHING_CAUSES,
  type VanishingCause,
} from './finding.js';
export {
  FIX_KEYS,
  type Fix,
  FixSchema,
  type FixValue,
  isSetFix,
  type ScaleFix,
  ScaleFixSchema,
  type SetFix,
  SetFixSchema,
  type SettingKey,
} from './fix.js';
export { type Evaluation, EvaluationSchema, type HistoryEntry, HistoryEntrySchema } from './history.js';
export { type LayerInstruments, LayerInstrumentsSchema } from './instruments.js';
export { type RunFile, runJsonSchema } from './json-schema.js';
export {
  type LayerReport,
  LayerReportSchema,
  type PartialLayerReport,
  PartialLayerReportSchema,
} from './layer.js';
export { count, type Measured, measured, measuredOrNull } from './measured.js';
export { describeValue, formatPath, parseWith } from './parse.js';
export {
  type ProbeLayer,
  ProbeLayerSchema,
  type ProbeRecord,
  ProbeRecordSchema,
  type Sharpness,
  SharpnessSchema,
} from './probe.js';
export type { Data, DeepReadonly } from './readonly.js';
export {
  parseHistoryLine,
  parseRunConfig,
  parseRunDocument,
  readSavedRun,
  type SavedRunFiles,
} from './saved-run.js';
