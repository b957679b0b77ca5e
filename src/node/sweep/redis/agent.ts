// `gradscope agent`: pull trials from Redis and run them in BullMQ's sandboxed processors (worker
// threads, kept warm between trials), `concurrency` at a time. The lock is renewed by the agent's own
// thread while a trial computes; when an agent dies its lock expires and another agent's stalled-job
// check puts the trial back in the queue.
// A second worker completes each sweep's parent job once its trials are all done.

import { fileURLToPath } from 'node:url';
import { type Job, Worker } from 'bullmq';
import { checkRedis, connections, type RedisTarget, SWEEPS_QUEUE, TRIALS_QUEUE } from './connection.js';
import type { SweepJobData, TrialJobResult } from './jobs.js';

export interface AgentOptions {
  readonly concurrency: number;
  /** ms a trial's lock lasts without renewal (BullMQ lockDuration; default 30 s) */
  readonly lockDuration?: number;
  /** ms between stalled-job checks (default: the lock duration) */
  readonly stalledInterval?: number;
  /** after each trial this agent finished */
  readonly onTrial?: (jobId: string, result: TrialJobResult) => void;
  /** a job this agent could not finish (its processor crashed) */
  readonly onError?: (message: string) => void;
}

export interface Agent {
  /** stop pulling; waits for the running trials */
  close(force?: boolean): Promise<void>;
}

function processorPath(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(
        here
          .replace('/src/node/sweep/redis/', '/dist/node/sweep/redis/')
          .replace(/agent\.ts$/, 'processor.js'),
      )
    : new URL('./processor.js', here);
  return fileURLToPath(url);
}

export async function startAgent(
  target: RedisTarget,
  opts: AgentOptions,
  argument = '--redis',
): Promise<Agent> {
  await checkRedis(argument, target);
  const lockDuration = opts.lockDuration ?? 30_000;
  const redis = connections(target);
  const trials = new Worker(TRIALS_QUEUE, processorPath(), {
    ...redis.opts(),
    concurrency: opts.concurrency,
    lockDuration,
    stalledInterval: opts.stalledInterval ?? lockDuration,
    maxStalledCount: 2,
    // NOTE: threads, not forked processes: a trial's result reaches the agent by postMessage (a copy)
    // instead of JSON over a pipe, and no orphan outlives a SIGKILLed agent
    useWorkerThreads: true,
  });
  const sweeps = new Worker<SweepJobData>(
    SWEEPS_QUEUE,
    async (job: Job<SweepJobData>) => await job.getDependenciesCount(),
    { ...redis.opts(), concurrency: 1, lockDuration, stalledInterval: opts.stalledInterval ?? lockDuration },
  );
  trials.on('completed', (job, result: TrialJobResult) => opts.onTrial?.(job.id ?? '?', result));
  trials.on('failed', (job, err) => opts.onError?.(`trial ${job?.id ?? '?'}: ${err.message.split('\n')[0]}`));
  const report = (err: Error): void => opts.onError?.(err.message.split('\n')[0]!);
  trials.on('error', report);
  sweeps.on('error', report);
  await Promise.all([trials.waitUntilReady(), sweeps.waitUntilReady()]);
  return {
    async close(force = false) {
      await Promise.all([trials.close(force), sweeps.close(force)]);
      await redis.close();
    },
  };
}
