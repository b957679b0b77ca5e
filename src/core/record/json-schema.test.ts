// docs/run-format.md embeds the JSON Schema of summary.json; it must be what the zod schema generates.
// To refresh it after changing a schema: GRADSCOPE_WRITE_SCHEMA=1 npx vitest run src/core/record/json-schema.test.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trained } from '../../../test/helpers/trained.js';
import { runJsonSchema } from './index.js';

const DOC = resolve(import.meta.dirname, '../../../docs/run-format.md');
const BEGIN = '<!-- run-schema:begin (generated; see src/core/record/json-schema.test.ts) -->\n```json\n';
const END = '\n```\n<!-- run-schema:end -->';

describe('the JSON Schema in docs/run-format.md', () => {
  const generated = JSON.stringify(runJsonSchema(), null, 2);

  it('is the one z.toJSONSchema generates from RunDocumentSchema', () => {
    const text = readFileSync(DOC, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, 'docs/run-format.md has the run-schema markers').toBeGreaterThan(-1);
    if (process.env.GRADSCOPE_WRITE_SCHEMA) {
      writeFileSync(DOC, text.slice(0, start + BEGIN.length) + generated + text.slice(end));
      return;
    }
    expect(
      text.slice(start + BEGIN.length, end),
      'docs/run-format.md is out of date: see the header of this test',
    ).toBe(generated);
  });

  it('describes the JSON side: a measured number may be null, a count is an integer', () => {
    const defs = (runJsonSchema() as { $defs: Record<string, unknown> }).$defs;
    expect(defs.Measured).toMatchObject({ type: ['number', 'null'] });
    expect(defs.Count).toMatchObject({ type: 'integer', minimum: 0 });
    expect(defs.RunDocument).toMatchObject({ additionalProperties: false });
  });

  it('the files of a run directory have schemas too', () => {
    expect(runJsonSchema('config.json')).toMatchObject({ $ref: '#/$defs/RunConfigFile' });
    expect(runJsonSchema('metrics.jsonl line')).toMatchObject({ $ref: '#/$defs/HistoryEntry' });
    const { json } = trained({ steps: 1 });
    expect(Object.keys(json).sort()).toEqual(
      [
        ...(runJsonSchema() as { $defs: { RunDocument: { required: string[] } } }).$defs.RunDocument.required,
      ].sort(),
    );
  });
});
