// `gradscope report DIR [--out FILE]`: turn a saved run (train --out DIR) into a self-contained
// report.html. summary.json is used when present; otherwise config.json + metrics.jsonl.
// `--csv` writes the series as tidy CSV instead (DIR/metrics.csv); `--csv --flat` one row per step with
// PyTorch Lightning's grad_norm column names (DIR/metrics-flat.csv). See src/report/csv.ts.

import { basename, dirname, join } from 'node:path';
import { diagnose, licenceOf, UsageError } from '../../index.js';
import { readRunDir } from '../../node/io.js';
import { flatCsv, tidyCsv } from '../../report/csv.js';
import { runReportPage } from '../../report/run-page.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { checkOutDir, writeFilesAtomically } from '../run-files.js';
import type { CommandIO } from './types.js';

export const REPORT_FLAGS: FlagTable = {
  '--out': { key: 'out', help: 'where to write the HTML (or the CSV)', default: 'DIR/report.html' },
  '--csv': {
    key: 'csv',
    boolean: true,
    help: 'write the series as tidy CSV: step,layer,metric,value (DIR/metrics.csv)',
  },
  '--flat': {
    key: 'flat',
    boolean: true,
    help: 'with --csv: one row per step, Lightning-style grad_2.0_norm/<layer>.weight columns (DIR/metrics-flat.csv)',
  },
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
  if (values.flat && !values.csv)
    throw new UsageError('--flat', '--csv beside it (--flat picks the CSV form)', {
      toString: () => 'no --csv',
    });
  const file = values.csv ? (values.flat ? 'metrics-flat.csv' : 'metrics.csv') : 'report.html';
  const out = typeof values.out === 'string' ? values.out : join(dir, file);
  const argument = typeof values.out === 'string' ? '--out' : 'gradscope report';
  if (out === '' || out.endsWith('/')) throw new UsageError(argument, 'a file path', out);
  checkOutDir(argument, dirname(out));
  const doc = readRunDir('gradscope report', dir);
  const licence = licenceOf(doc.config.data);
  const dataLine = licence ? `data: ${licence}\n` : '';
  if (values.csv) {
    writeFilesAtomically(argument, dirname(out), {
      [basename(out)]: values.flat ? flatCsv(doc) : tidyCsv(doc),
    });
    io.stdout(`csv: ${out}\n${dataLine}`);
    return 0;
  }
  const html = runReportPage(doc, doc.diagnosis ?? diagnose(doc), dir);
  writeFilesAtomically(argument, dirname(out), { [basename(out)]: html });
  io.stdout(`report: ${out}\n${dataLine}`);
  return 0;
}
