// The distributed sweep: `gradscope sweep create FILE --redis URL [--out DIR] [--wait]` enqueues the
// trials as one BullMQ flow and prints the sweep id; `gradscope sweep status ID --redis URL` reports the
// flow; `gradscope sweep collect ID --redis URL [--out DIR]` records its results in the store (as
// `create --wait` does while the agents work).

import { UsageError } from '../../index.js';
import {
  collectRemoteSweep,
  createRemoteSweep,
  DEFAULT_PREFIX,
  type RedisTarget,
  readSweepFile,
  redisTarget,
  remoteStatus,
  waitRemoteSweep,
} from '../../node/sweep/index.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { countsText } from '../sweep-format.js';
import { sweepProgress } from '../sweep-progress.js';
import type { CommandIO } from './types.js';

const REDIS = { key: 'redis', help: 'the Redis URL: redis://[:password@]host[:port][/db]' } as const;
const PREFIX = {
  key: 'prefix',
  help: 'the BullMQ queue prefix (agents must use the same)',
  default: DEFAULT_PREFIX,
} as const;
const HELP = { key: 'help', boolean: true, help: 'show this help' } as const;

export const CREATE_FLAGS: FlagTable = {
  '--redis': REDIS,
  '--out': {
    key: 'out',
    help: 'the sweep directory the results go to (with --wait)',
    default: 'sweeps/NAME',
  },
  '--wait': {
    key: 'wait',
    boolean: true,
    help: 'stay, and record the trials in the store as agents finish them',
  },
  '--prefix': PREFIX,
  '--help': HELP,
};

export const COLLECT_FLAGS: FlagTable = {
  '--redis': REDIS,
  '--out': {
    key: 'out',
    help: 'the sweep directory (DIR/sweep.db; created when missing)',
    default: 'sweeps/NAME',
  },
  '--prefix': PREFIX,
  '--help': HELP,
};

export function targetOf(values: Record<string, string | boolean>): RedisTarget {
  if (typeof values.redis !== 'string') throw new UsageError('--redis', 'a Redis URL', 'nothing');
  return redisTarget(
    '--redis',
    values.redis,
    typeof values.prefix === 'string' ? values.prefix : DEFAULT_PREFIX,
  );
}

function signals(): { signal: AbortSignal; off(): void } {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    off() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

async function wait(
  target: RedisTarget,
  id: string,
  dir: string,
  metric: string,
  io: CommandIO,
): Promise<number> {
  const progress = sweepProgress(io, metric);
  const { signal, off } = signals();
  try {
    const { counts } = await waitRemoteSweep(target, id, dir, {
      onTrial: (_t, p) => progress.update(p),
      signal,
    });
    progress.done();
    io.stdout(`${countsText(id, counts)} (${dir}/sweep.db)\n`);
    return signal.aborted ? 130 : 0;
  } finally {
    off();
    progress.done();
  }
}

export async function runSweepCreate(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positional } = parseArgs('sweep create', argv, CREATE_FLAGS);
  if (values.help) {
    io.stdout(
      formatHelp('usage: gradscope sweep create FILE --redis URL [--out DIR] [--wait]', CREATE_FLAGS),
    );
    return 0;
  }
  if (positional.length !== 1)
    throw new UsageError(
      'gradscope sweep create',
      'one sweep file (YAML or JSON)',
      positional.join(' ') || 'nothing',
    );
  const target = targetOf(values);
  const raw = readSweepFile('gradscope sweep create', positional[0]!);
  const created = await createRemoteSweep(target, raw, positional[0]!);
  io.stdout(`${created.id}\n`);
  if (!created.added) io.stderr(`gradscope: sweep ${created.id} was already enqueued; nothing added\n`);
  if (!values.wait) return 0;
  const name = (raw as { name: string }).name;
  const dir = typeof values.out === 'string' ? values.out : `sweeps/${name}`;
  return wait(target, created.id, dir, (raw as { metric: { name: string } }).metric.name, io);
}

export async function runSweepCollect(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positional } = parseArgs('sweep collect', argv, COLLECT_FLAGS);
  if (values.help) {
    io.stdout(formatHelp('usage: gradscope sweep collect ID --redis URL [--out DIR]', COLLECT_FLAGS));
    return 0;
  }
  if (positional.length !== 1)
    throw new UsageError(
      'gradscope sweep collect',
      'one sweep id (from sweep create)',
      positional.join(' ') || 'nothing',
    );
  const id = positional[0]!;
  const dir = typeof values.out === 'string' ? values.out : `sweeps/${id.replace(/-[0-9a-f]{16}$/, '')}`;
  const { added, counts } = await collectRemoteSweep(targetOf(values), id, dir);
  io.stdout(`${countsText(id, counts)} (${dir}/sweep.db; ${added} new)\n`);
  return 0;
}

export async function sweepStatusRemote(
  id: string,
  values: Record<string, string | boolean>,
  io: CommandIO,
): Promise<number> {
  const c = await remoteStatus(targetOf(values), id);
  if (values.json) {
    io.stdout(`${JSON.stringify(c)}\n`);
    return 0;
  }
  const finished = c.state === 'completed' ? 'finished' : c.state;
  io.stdout(
    `sweep ${c.name} (${c.id}): ${c.total} trials: ${c.processed} done, ${c.ignored} lost, ${c.unprocessed} to go (${finished})\n`,
  );
  return 0;
}
