// Enqueue a sweep: every trial resolved here first (a bad sweep file fails before anything reaches
// Redis), then one BullMQ flow. Enqueuing the same sweep again adds nothing: the parent's job id is the
// sweep id, a child's is sweepId.index.

import { FlowProducer, Job, Queue } from 'bullmq';
import { expandTrials, parseSweepDefinition, sweepId } from '../../../index.js';
import { checkRedis, connections, type RedisTarget, SWEEPS_QUEUE, TRIALS_QUEUE } from './connection.js';
import { type SweepJobData, TRIAL_ATTEMPTS, type TrialJobData, trialJobId } from './jobs.js';

export interface CreatedSweep {
  readonly id: string;
  readonly total: number;
  /** false when the sweep was already enqueued (nothing was added) */
  readonly added: boolean;
}

export async function createRemoteSweep(
  target: RedisTarget,
  file: unknown,
  source = 'sweep',
  argument = '--redis',
): Promise<CreatedSweep> {
  const definition = parseSweepDefinition(file, source);
  const trials = expandTrials(definition, source);
  const id = sweepId(definition);
  await checkRedis(argument, target);
  const redis = connections(target);
  const sweeps = new Queue<SweepJobData>(SWEEPS_QUEUE, redis.opts());
  const flows = new FlowProducer(redis.opts());
  sweeps.on('error', () => undefined);
  flows.on('error', () => undefined);
  try {
    if (await Job.fromId(sweeps, id)) return { id, total: trials.length, added: false };
    await flows.add({
      name: 'sweep',
      queueName: SWEEPS_QUEUE,
      data: { id, file, total: trials.length, created: new Date().toISOString() },
      opts: { jobId: id, removeOnComplete: false, removeOnFail: false },
      children: trials.map((t) => ({
        name: 'trial',
        queueName: TRIALS_QUEUE,
        data: {
          sweepId: id,
          index: t.index,
          config: t.config,
          metric: definition.metric.name,
        } satisfies TrialJobData,
        opts: {
          jobId: trialJobId(id, t.index),
          attempts: TRIAL_ATTEMPTS,
          removeOnComplete: false,
          removeOnFail: false,
          // a trial whose agents all died is recorded failed; the sweep still completes
          ignoreDependencyOnFailure: true,
        },
      })),
    });
    return { id, total: trials.length, added: true };
  } finally {
    await flows.close();
    await sweeps.close();
    await redis.close();
  }
}
