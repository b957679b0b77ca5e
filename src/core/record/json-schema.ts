// The run document as JSON Schema (draft 2020-12), for readers in Python, R or TF.js: generated from
// the zod schema, so it cannot drift from what gradscope accepts. docs/run-format.md embeds it, and
// json-schema.test.ts fails when the embedded copy is out of date.

import { PartialRunDocumentSchema, RunConfigFileSchema, RunDocumentSchema } from './document.js';
import { HistoryEntrySchema } from './history.js';
import { z } from './zod.js';

const SCHEMAS = {
  'summary.json': RunDocumentSchema,
  'config.json': RunConfigFileSchema,
  'metrics.jsonl line': HistoryEntrySchema,
  'partial document': PartialRunDocumentSchema,
} as const;

export type RunFile = keyof typeof SCHEMAS;

/** The JSON Schema of one file of a run directory: what a writer may emit (null for non-finite numbers). */
export function runJsonSchema(file: RunFile = 'summary.json'): Record<string, unknown> {
  // io 'input': the JSON side of each field, where a measured number may be null
  return z.toJSONSchema(SCHEMAS[file], { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
