// `gradscope sweep status DIR` and `gradscope sweep best DIR [--top k]`: read a sweep store (a sweep
// that is running too: SQLite's WAL lets a reader in beside the writer).

import { UsageError } from '../../index.js';
import { openStore } from '../../node/sweep/store.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { bestTable, countsText, failuresText } from '../sweep-format.js';
import { positiveInt } from './sweep-run.js';
import type { CommandIO } from './types.js';

export const BEST_FLAGS: FlagTable = {
  '--top': { key: 'top', help: 'how many trials', default: '10' },
  '--json': { key: 'json', boolean: true, help: 'the trials as JSON (one array)' },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

export function runSweepBest(argv: readonly string[], io: CommandIO): number {
  const { values, positional } = parseArgs('sweep best', argv, BEST_FLAGS);
  if (values.help) {
    io.stdout(formatHelp('usage: gradscope sweep best DIR [--top k] [--json]', BEST_FLAGS));
    return 0;
  }
  const top = positiveInt('--top', values.top, 10);
  const store = openStore('gradscope sweep best', oneDir('best', positional));
  try {
    const best = store.best(top);
    io.stdout(values.json ? `${JSON.stringify(best)}\n` : `${bestTable(store.definition, best)}\n`);
  } finally {
    store.close();
  }
  return 0;
}

/** The local form of `sweep status` (the --redis form is in sweep-remote.ts). */
export function sweepStatusLocal(dir: string, json: boolean, io: CommandIO): number {
  const store = openStore('gradscope sweep status', dir);
  try {
    const counts = store.counts();
    if (json) {
      io.stdout(
        `${JSON.stringify({ id: store.id, name: store.definition.name, ...counts, best: store.best(1)[0] ?? null })}\n`,
      );
      return 0;
    }
    io.stdout(`${countsText(store.definition.name, counts)}\nid ${store.id}\n`);
    const best = store.best(1);
    if (best.length > 0) io.stdout(`\nbest so far:\n${bestTable(store.definition, best)}\n`);
    const failures = failuresText(store.trials(), 20);
    if (failures) io.stdout(`\n${failures}`);
  } finally {
    store.close();
  }
  return 0;
}

export function oneDir(sub: string, positional: readonly string[]): string {
  if (positional.length !== 1) {
    throw new UsageError(`gradscope sweep ${sub}`, 'one sweep directory', positional.join(' ') || 'nothing');
  }
  return positional[0]!;
}
