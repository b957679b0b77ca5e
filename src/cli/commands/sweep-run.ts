// `gradscope sweep run FILE [--jobs N] [--out DIR]` and `gradscope sweep run --resume DIR`: runSweep with
// a progress bar. Ctrl-C (or SIGTERM) stops at once; the finished trials are in the store and --resume
// runs the others. A trial killed with the process (SIGKILL too) is unfinished and runs again.

import { availableParallelism } from 'node:os';
import { UsageError } from '../../index.js';
import { readSweepFile } from '../../node/sweep/file.js';
import { type RunSweepOptions, resumeSweep, type SweepRun, startSweep } from '../../node/sweep/run.js';
import { openStore } from '../../node/sweep/store.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { bestTable, countsText, failuresText } from '../sweep-format.js';
import { sweepProgress } from '../sweep-progress.js';
import type { CommandIO } from './types.js';

export const RUN_FLAGS: FlagTable = {
  '--jobs': { key: 'jobs', help: 'trials run at once, on worker threads', default: 'the core count' },
  '--out': { key: 'out', help: 'the sweep directory (DIR/sweep.db)', default: 'sweeps/NAME' },
  '--resume': { key: 'resume', help: 'continue the sweep in DIR: run its unfinished trials only' },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

const USAGE =
  'usage: gradscope sweep run FILE [--jobs N] [--out DIR]\n       gradscope sweep run --resume DIR [--jobs N]';

export function positiveInt(
  flag: string,
  value: string | boolean | undefined,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(flag, `an integer ≥ ${min}`, value);
  return n;
}

export async function runSweepRun(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positional } = parseArgs('sweep run', argv, RUN_FLAGS);
  if (values.help) {
    io.stdout(formatHelp(USAGE, RUN_FLAGS));
    return 0;
  }
  const jobs = positiveInt('--jobs', values.jobs, availableParallelism());
  const resume = values.resume;
  if (typeof resume === 'string' && (positional.length > 0 || values.out !== undefined))
    throw new UsageError(
      '--resume',
      'nothing beside it but --jobs (the sweep is in DIR)',
      positional[0] ?? '--out',
    );
  if (resume === undefined && positional.length !== 1)
    throw new UsageError(
      'gradscope sweep run',
      'one sweep file (YAML or JSON)',
      positional.join(' ') || 'nothing',
    );
  const controller = new AbortController();
  let signal: NodeJS.Signals | null = null;
  const stop = (s: NodeJS.Signals): void => {
    signal ??= s;
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let progress: ReturnType<typeof sweepProgress> | null = null;
  const opts: RunSweepOptions = {
    jobs,
    signal: controller.signal,
    onTrial: (_trial, p) => progress?.update(p),
  };
  let run: SweepRun;
  try {
    if (typeof resume === 'string') {
      const store = openStore('--resume', resume);
      progress = sweepProgress(io, store.definition.metric.name);
      store.close();
      run = await resumeSweep(resume, { ...opts, argument: '--resume' });
    } else {
      const file = positional[0]!;
      const raw = readSweepFile('gradscope sweep run', file);
      const name = (raw as { name?: unknown } | null)?.name;
      const out =
        typeof values.out === 'string' ? values.out : `sweeps/${typeof name === 'string' ? name : 'sweep'}`;
      progress = sweepProgress(
        io,
        String((raw as { metric?: { name?: unknown } })?.metric?.name ?? 'metric'),
      );
      run = await startSweep(raw, { ...opts, out, source: file, argument: '--out' });
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    progress?.done();
  }
  const dir = run.dir!;
  const store = openStore('gradscope sweep run', dir);
  try {
    const counts = store.counts();
    io.stdout(`${countsText(run.definition.name, counts)} (${dir}/sweep.db)\n`);
    const best = store.best(5);
    if (best.length > 0) io.stdout(`\n${bestTable(run.definition, best)}\n`);
    const failures = failuresText(run.trials);
    if (failures) io.stdout(`\n${failures}`);
    if (signal !== null) {
      io.stderr(
        `gradscope: ${signal}: ${counts.done + counts.failed} of ${counts.total} trials recorded; gradscope sweep run --resume ${dir} runs the rest\n`,
      );
      return signal === 'SIGINT' ? 130 : 143;
    }
  } finally {
    store.close();
  }
  return 0;
}
