// `gradscope report DIR [--out FILE]`: turn a saved run (train --out DIR) into a self-contained
// report.html. summary.json is used when present; otherwise config.json + metrics.jsonl.

import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { diagnose } from '../../core/diagnostics/diagnose.js';
import type { Diagnosis } from '../../core/diagnostics/finding.js';
import { readSavedRun } from '../../core/diagnostics/run-document.js';
import { UsageError } from '../../core/errors.js';
import { runReportPage, type SavedRun } from '../../report/run-page.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { fromRunDir, readMetrics, readText } from '../io.js';
import { writeFilesAtomically } from '../run-files.js';
import type { CommandIO } from './types.js';

export const REPORT_FLAGS: FlagTable = {
  '--out': { key: 'out', help: 'where to write the HTML', default: 'DIR/report.html' },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

const USAGE =
  'usage: gradscope report DIR [--out FILE]\n\nDIR is a run saved by `gradscope train --out DIR`.';

export function runReport(argv: readonly string[], io: CommandIO): number {
  const { values, positional } = parseArgs('report', argv, REPORT_FLAGS);
  if (values.help) {
    io.stdout(formatHelp(USAGE, REPORT_FLAGS));
    return 0;
  }
  if (positional.length !== 1) {
    throw new UsageError(
      'gradscope report',
      'one run directory (from train --out DIR)',
      positional.join(' ') || 'nothing',
    );
  }
  const dir = positional[0]!;
  const summaryPath = join(dir, 'summary.json');
  const hasSummary = existsSync(summaryPath);
  const summary = hasSummary ? readText('gradscope report', summaryPath, 'summary.json') : undefined;
  const out = typeof values.out === 'string' ? values.out : join(dir, 'report.html');
  const argument = typeof values.out === 'string' ? '--out' : 'gradscope report';
  if (out === '' || out.endsWith('/')) throw new UsageError(argument, 'a file path', out);
  const html = fromRunDir(dir, hasSummary ? 'summary.json' : 'metrics.jsonl', () => {
    const doc = readSavedRun({
      config: hasSummary ? '{}' : readText('gradscope report', join(dir, 'config.json'), 'config.json'),
      metrics: hasSummary ? '' : readMetrics('gradscope report', join(dir, 'metrics.jsonl')),
      ...(summary === undefined ? {} : { summary }),
    });
    const saved = doc as unknown as SavedRun & { readonly diagnosis?: Diagnosis };
    return runReportPage(saved, saved.diagnosis ?? diagnose(doc), dir);
  });
  writeFilesAtomically(argument, dirname(out), { [basename(out)]: html });
  io.stdout(`report: ${out}\n`);
  return 0;
}
