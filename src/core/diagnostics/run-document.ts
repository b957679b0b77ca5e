// The run document as the verdict engine reads it. The schema, the types and the readers live in
// src/core/record (one schema for every reader); this file keeps the names the rules import.
// `RunDocument` here is record's RunView: a full or a partial document, or a run's live result,
// without the diagnosis the engine is about to compute.

export type { HistoryEntry as RunHistoryView, Measured, RunView as RunDocument } from '../record/index.js';
export { parseRunDocument, readSavedRun, type SavedRunFiles } from '../record/index.js';
