// `gradscope diagnose DIR`: re-read a saved run (train --out DIR) and print the same diagnosis that
// training printed; --json prints the machine form.

import { diagnose, formatDiagnosis, UsageError } from '../../index.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { readRunDir } from '../io.js';
import type { CommandIO } from './types.js';

const FLAGS: FlagTable = {
  '--json': { key: 'json', boolean: true, help: 'print the diagnosis as JSON' },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};
const USAGE = 'usage: gradscope diagnose DIR [--json]   (DIR written by gradscope train --out DIR)';

export function runDiagnose(argv: readonly string[], io: CommandIO): number {
  const { values, positional } = parseArgs('diagnose', argv, FLAGS);
  if (values.help) {
    io.stdout(formatHelp(USAGE, FLAGS));
    return 0;
  }
  if (positional.length !== 1) {
    throw new UsageError(
      'gradscope diagnose',
      'one run directory',
      positional.length ? positional.join(' ') : 'none',
    );
  }
  const d = diagnose(readRunDir('gradscope diagnose', positional[0]!));
  io.stdout(values.json ? `${JSON.stringify(d)}\n` : formatDiagnosis(d));
  return 0;
}
