// `gradscope diagnose DIR`: re-read a saved run (train --out DIR) and print the same diagnosis that
// training printed; --json prints the machine form; --fail-on CODES turns listed findings into exit 4.

import {
  diagnose,
  FINDING_CODES,
  type FindingCode,
  formatDiagnosis,
  formatTheory,
  predictDocument,
  UsageError,
} from '../../index.js';
import { readRunDir } from '../../node/io.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import type { CommandIO } from './types.js';

/** The exit code of a diagnosis that holds a finding listed by --fail-on (0-3 are taken; see main.ts). */
export const FAIL_ON_EXIT = 4;

const FLAGS: FlagTable = {
  '--json': { key: 'json', boolean: true, help: 'print the diagnosis as JSON' },
  '--fail-on': {
    key: 'failOn',
    help: `exit ${FAIL_ON_EXIT} if the verdict holds one of these comma-separated codes (${FINDING_CODES.join(', ')})`,
  },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};
const USAGE =
  'usage: gradscope diagnose DIR [--json] [--fail-on CODES]   (DIR written by gradscope train --out DIR)';

/** `vanishing,non-finite` → the codes; an unknown or empty one is refused with the valid ones. */
export function parseFailOn(text: string): FindingCode[] {
  const expected = `comma-separated finding codes among ${FINDING_CODES.join(', ')}`;
  return text.split(',').map((part) => {
    const code = part.trim();
    if (!(FINDING_CODES as readonly string[]).includes(code))
      throw new UsageError('--fail-on', expected, code);
    return code as FindingCode;
  });
}

export function runDiagnose(argv: readonly string[], io: CommandIO): number {
  const { values, positional } = parseArgs('diagnose', argv, FLAGS);
  if (values.help) {
    io.stdout(formatHelp(USAGE, FLAGS));
    return 0;
  }
  const failOn = typeof values.failOn === 'string' ? parseFailOn(values.failOn) : [];
  if (positional.length !== 1) {
    throw new UsageError(
      'gradscope diagnose',
      'one run directory',
      positional.length ? positional.join(' ') : 'none',
    );
  }
  const doc = readRunDir('gradscope diagnose', positional[0]!);
  const d = diagnose(doc);
  // the prediction at q* (a saved run keeps no input moment), beside the last measured signalRatio
  const theory = predictDocument(doc);
  const prediction = theory
    ? formatTheory(
        theory,
        doc.layers.map((l) => l.signalRatio),
      )
    : '';
  io.stdout(
    values.json ? `${JSON.stringify(d)}\n` : `${formatDiagnosis(d)}${prediction ? `\n${prediction}` : ''}`,
  );
  const failed = d.verdict === 'healthy' ? [] : d.verdict.filter((code) => failOn.includes(code));
  return failed.length > 0 ? FAIL_ON_EXIT : 0;
}
