// `gradscope sweep <run|status|best|report|create|collect>`: many runs of one config, varied. Each
// subcommand lives in its own file and loads only what it needs (the Redis ones load BullMQ).

import { UsageError } from '../../index.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { didYouMean } from '../suggest.js';
import type { CommandIO } from './types.js';

type Sub = (argv: readonly string[], io: CommandIO) => number | Promise<number>;

const SUBCOMMANDS: Record<string, () => Promise<Sub>> = {
  run: async () => (await import('./sweep-run.js')).runSweepRun,
  status: async () => runSweepStatus,
  best: async () => (await import('./sweep-read.js')).runSweepBest,
  report: async () => (await import('./sweep-report.js')).runSweepReport,
  create: async () => (await import('./sweep-remote.js')).runSweepCreate,
  collect: async () => (await import('./sweep-remote.js')).runSweepCollect,
};

export const SWEEP_USAGE = `usage: gradscope sweep <command> [flags]

commands:
  run FILE [--jobs N] [--out DIR]    run a sweep on this machine (--resume DIR continues one)
  status DIR | ID --redis URL        trials done, failed and to go
  best DIR [--top k]                 the best trials by the sweep's metric
  report DIR [--heatmap X,Y]         write DIR/report.html (and each trial's run report)
  create FILE --redis URL [--wait]   enqueue a sweep for agents (gradscope agent); prints its id
  collect ID --redis URL [--out DIR] record a distributed sweep's results in its store

flags:
  -h, --help      show this help; gradscope sweep <command> -h shows the flags of one command
`;

const STATUS_FLAGS: FlagTable = {
  '--redis': { key: 'redis', help: 'read sweep ID from Redis instead of a directory' },
  '--prefix': { key: 'prefix', help: 'the BullMQ queue prefix', default: 'gradscope' },
  '--json': { key: 'json', boolean: true, help: 'as JSON' },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

async function runSweepStatus(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positional } = parseArgs('sweep status', argv, STATUS_FLAGS);
  if (values.help) {
    io.stdout(
      formatHelp(
        'usage: gradscope sweep status DIR\n       gradscope sweep status ID --redis URL',
        STATUS_FLAGS,
      ),
    );
    return 0;
  }
  if (positional.length !== 1)
    throw new UsageError(
      'gradscope sweep status',
      'one sweep directory, or a sweep id with --redis',
      positional.join(' ') || 'nothing',
    );
  if (values.redis !== undefined)
    return (await import('./sweep-remote.js')).sweepStatusRemote(positional[0]!, values, io);
  return (await import('./sweep-read.js')).sweepStatusLocal(positional[0]!, values.json === true, io);
}

export async function runSweep(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help') {
    io.stdout(SWEEP_USAGE);
    if (name === undefined)
      throw new UsageError('gradscope sweep', `one of ${Object.keys(SUBCOMMANDS).join(', ')}`, 'nothing');
    return 0;
  }
  const load = SUBCOMMANDS[name];
  if (!load) {
    const near = didYouMean(name, Object.keys(SUBCOMMANDS));
    throw new UsageError(
      'gradscope sweep',
      `one of ${Object.keys(SUBCOMMANDS).join(', ')}${near ? ` (did you mean ${near}?)` : ''}`,
      name,
    );
  }
  return (await load())(rest, io);
}
