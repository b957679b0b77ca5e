// Hostile run documents in-process: every field of a valid document replaced by each of a few wrong
// JSON values. parseRunDocument either refuses it with a UsageError, or accepts it, and then the
// verdict engine and the run report handle it without a TypeError: no bad file reaches a user as a crash.

import { describe, expect, it } from 'vitest';
import { diagnose } from '../src/core/diagnostics/diagnose.js';
import { UsageError } from '../src/core/errors.js';
import { parseRunDocument } from '../src/core/record/index.js';
import { runReportPage } from '../src/report/run-page.js';
import { jsonPaths, replaced } from './helpers/json-paths.js';
import { trained } from './helpers/trained.js';

const WRONG: readonly unknown[] = [null, 'x', -1, 1.5, 0, [], {}, true, 1e308];

describe('a hostile run document is refused or handled, never a crash', () => {
  const { json } = trained({ steps: 6, logEvery: 2, probeEvery: 3, valSplit: 0.25, clipNorm: 0.1 });

  it('for every field and each wrong value', () => {
    let refusedCount = 0;
    let accepted = 0;
    for (const path of jsonPaths(json, 2)) {
      for (const value of WRONG) {
        const bad = replaced(json, path, value);
        let doc: ReturnType<typeof parseRunDocument>;
        try {
          doc = parseRunDocument(bad, 'summary.json');
        } catch (e) {
          expect(e, `${path.join('.')} = ${JSON.stringify(value)}`).toBeInstanceOf(UsageError);
          expect((e as Error).message).not.toContain('\n');
          refusedCount++;
          continue;
        }
        accepted++;
        expect(() => runReportPage(doc, doc.diagnosis ?? diagnose(doc), 'x')).not.toThrow();
        expect(() => diagnose(doc)).not.toThrow();
      }
    }
    expect(refusedCount).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(100);
  });
});
