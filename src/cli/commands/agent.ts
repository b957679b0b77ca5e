// `gradscope agent --redis URL [--concurrency N]`: run trials from Redis on this machine until stopped
// (Ctrl-C or SIGTERM: the running trials finish first; a second signal stops at once). One line a trial.

import { availableParallelism } from 'node:os';
import { UsageError } from '../../index.js';
import { startAgent } from '../../node/sweep/index.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { fmt } from '../format.js';
import { targetOf } from './sweep-remote.js';
import { positiveInt } from './sweep-run.js';
import type { CommandIO } from './types.js';

export const AGENT_FLAGS: FlagTable = {
  '--redis': { key: 'redis', help: 'the Redis URL: redis://[:password@]host[:port][/db]' },
  '--concurrency': {
    key: 'concurrency',
    help: 'trials run at once (BullMQ sandboxes: worker threads)',
    default: 'the core count',
  },
  '--prefix': { key: 'prefix', help: 'the BullMQ queue prefix (as sweep create)', default: 'gradscope' },
  '--lock-ms': {
    key: 'lockMs',
    help: "ms a trial's lock lasts unrenewed: a dead agent's trial goes to another agent after it",
    default: '30000',
  },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

export async function runAgent(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positional } = parseArgs('agent', argv, AGENT_FLAGS);
  if (values.help) {
    io.stdout(formatHelp('usage: gradscope agent --redis URL [--concurrency N]', AGENT_FLAGS));
    return 0;
  }
  if (positional.length > 0) throw new UsageError('gradscope agent', 'only flags', positional.join(' '));
  const target = targetOf(values);
  const concurrency = positiveInt('--concurrency', values.concurrency, availableParallelism());
  const lockDuration = positiveInt('--lock-ms', values.lockMs, 30_000, 100);
  const agent = await startAgent(target, {
    concurrency,
    lockDuration,
    stalledInterval: Math.max(100, Math.round(lockDuration / 2)),
    onTrial: (jobId, r) =>
      io.stdout(
        `trial ${jobId} ${r.outcome.status}${r.outcome.metric === null ? '' : ` ${fmt(r.outcome.metric)}`}${r.outcome.error ? `: ${r.outcome.error}` : ''}\n`,
      ),
    onError: (message) => io.stderr(`gradscope: agent: ${message}\n`),
  });
  io.stderr(
    `gradscope: agent ${process.pid} pulling trials from ${target.shown} (prefix ${target.prefix}, concurrency ${concurrency})\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const force = (): void => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await agent.close();
  return 0;
}
