// `gradscope report DIR [--out FILE]`: turn a saved run (train --out DIR) into a self-contained
// report.html. summary.json is used when present; otherwise config.json + metrics.jsonl.

import { basename, dirname, join } from 'node:path';
import { diagnose, UsageError } from '../../index.js';
import { runReportPage } from '../../report/run-page.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { readRunDir } from '../io.js';
import { checkOutDir, writeFilesAtomically } from '../run-files.js';
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
  const out = typeof values.out === 'string' ? values.out : join(dir, 'report.html');
  const argument = typeof values.out === 'string' ? '--out' : 'gradscope report';
  if (out === '' || out.endsWith('/')) throw new UsageError(argument, 'a file path', out);
  checkOutDir(argument, dirname(out));
  const doc = readRunDir('gradscope report', dir);
  const html = runReportPage(doc, doc.diagnosis ?? diagnose(doc), dir);
  writeFilesAtomically(argument, dirname(out), { [basename(out)]: html });
  io.stdout(`report: ${out}\n`);
  return 0;
}
