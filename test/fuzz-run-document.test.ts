// Property tests of the run-document reader: a valid document, or a saved run's config.json and
// metrics.jsonl, with one field anywhere replaced by a random JSON value, is read or refused with one
// UsageError line naming where: never a TypeError or any other error.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRunDocument, readSavedRun } from '../src/core/record/index.js';
import { NUM_RUNS, valueOrRefusal } from './helpers/fuzz.js';
import { jsonPaths as paths, replaced } from './helpers/json-paths.js';
import { trained } from './helpers/trained.js';

const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, -1, 1e308, -0, 2 ** 53, '', 'NaN', [], {}, [null], { index: 0 }),
);

describe('a run document with one field replaced by a random JSON value', () => {
  const { json: doc } = trained({ steps: 6, logEvery: 2, probeEvery: 3, valSplit: 0.25, clipNorm: 0.1 });
  const all = paths(doc);

  it('is read, or refused by parseRunDocument with one UsageError line naming the field', () => {
    fc.assert(
      fc.property(fc.nat(), json, (at, value) => {
        const path = all[at % all.length]!;
        const bad = replaced(doc, path, value);
        valueOrRefusal(() => parseRunDocument(bad, 'summary.json'), 'summary.json');
        valueOrRefusal(
          () => readSavedRun({ summary: JSON.stringify(bad) }, (f) => `run/${f}`),
          'run/summary.json',
        );
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('as summary.json text cut anywhere, is refused with one UsageError line', () => {
    const text = JSON.stringify(doc);
    fc.assert(
      fc.property(fc.nat(), (cut) => {
        expect(
          valueOrRefusal(() => readSavedRun({ summary: text.slice(0, cut % text.length) })),
        ).toBeUndefined();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('in config.json or a metrics.jsonl line of a saved run, is read or refused with one UsageError line', () => {
    const { version, config, plan, history } = doc as { history: unknown[] } & Record<string, unknown>;
    const configFile = { version, config, plan };
    const configPaths = paths(configFile);
    const linePaths = paths(history[1]);
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), json, (inConfig, at, value) => {
        const cfg = inConfig
          ? replaced(configFile, configPaths[at % configPaths.length]!, value)
          : configFile;
        const lines = history.map((h, i) =>
          !inConfig && i === 1 ? replaced(h, linePaths[at % linePaths.length]!, value) : h,
        );
        valueOrRefusal(() =>
          readSavedRun({
            config: JSON.stringify(cfg),
            metrics: lines.map((l) => JSON.stringify(l)).join('\n'),
          }),
        );
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });
});
