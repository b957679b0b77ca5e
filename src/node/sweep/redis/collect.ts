// Results from Redis into the sweep store: a completed trial's return value (its outcome) is recorded
// once, whoever reads it and however often. `collect` reads the flow's children at once; `wait` records
// trials as their completion events arrive (the events of one read in one transaction) and, when the
// flow is done, fetches the trials it has not heard of, so an event missed (the waiter started late, or
// restarted) costs nothing.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { compareMetric, UsageError } from '../../../index.js';
import type { SweepProgress, SweepTrial } from '../run.js';
import { createStore, openStore, STORE_FILE, type SweepStore } from '../store.js';
import { checkRedis, connections, type RedisTarget, SWEEPS_QUEUE, TRIALS_QUEUE } from './connection.js';
import { type SweepJobData, type TrialJobResult, trialJobId } from './jobs.js';

export interface RemoteCounts {
  readonly id: string;
  readonly name: string;
  readonly total: number;
  /** children finished (a failed trial is a finished child) */
  readonly processed: number;
  /** children whose agents all died */
  readonly ignored: number;
  readonly unprocessed: number;
  /** the parent job's BullMQ state: waiting-children until every trial is done */
  readonly state: string;
}

async function parentOf(target: RedisTarget, id: string, argument: string) {
  const redis = connections(target);
  const queue = new Queue<SweepJobData>(SWEEPS_QUEUE, redis.opts());
  queue.on('error', () => undefined);
  const sweeps = {
    redis,
    async close() {
      await queue.close();
      await redis.close();
    },
  };
  const job = await Job.fromId<SweepJobData>(queue, id);
  if (!job) {
    await sweeps.close();
    throw new UsageError(argument, `the id of a sweep in ${target.shown} (prefix ${target.prefix})`, id);
  }
  return { sweeps, job };
}

async function countsOf(job: Job<SweepJobData>): Promise<RemoteCounts> {
  const c = await job.getDependenciesCount();
  const state = await job.getState();
  const name = (job.data.file as { name?: string }).name ?? job.data.id;
  return {
    id: job.data.id,
    name,
    total: job.data.total,
    processed: c.processed ?? 0,
    ignored: c.ignored ?? 0,
    unprocessed: c.unprocessed ?? 0,
    state,
  };
}

export async function remoteStatus(
  target: RedisTarget,
  id: string,
  argument = 'sweep id',
): Promise<RemoteCounts> {
  await checkRedis('--redis', target);
  const { sweeps, job } = await parentOf(target, id, argument);
  try {
    return await countsOf(job);
  } finally {
    await sweeps.close();
  }
}

/** The store of sweep `id` in `dir`: opened, or created from the sweep file the parent job carries. */
function storeFor(dir: string, job: Job<SweepJobData>, argument: string): SweepStore {
  const exists = statSync(join(dir, STORE_FILE), { throwIfNoEntry: false });
  const store = exists
    ? openStore(argument, dir)
    : createStore(argument, dir, job.data.file, `sweep ${job.data.id}`);
  if (store.id !== job.data.id) {
    store.close();
    throw new UsageError(argument, `the store of sweep ${job.data.id}`, `${dir} (sweep ${store.id})`);
  }
  return store;
}

const indexOfKey = (key: string): number => Number(key.slice(key.lastIndexOf('.') + 1));

function recordResult(store: SweepStore, r: TrialJobResult): boolean {
  return store.record(r.index, r.outcome, r.host, new Date(r.finished));
}

/** Record every finished child of the flow; returns how many were new. */
async function collectInto(store: SweepStore, job: Job<SweepJobData>): Promise<number> {
  const values = (await job.getChildrenValues()) as Record<string, TrialJobResult>;
  const added = store.batch(() => Object.values(values).filter((r) => recordResult(store, r)).length);
  return added + (await collectLost(store, job));
}

/** Past this many unrecorded trials, one read of all the flow's values beats one read a trial. */
const ONE_BY_ONE = 64;

/** collectInto for a flow that is done, reading only the trials the store lacks (usually none). */
async function collectMissing(store: SweepStore, job: Job<SweepJobData>, trials: Queue): Promise<number> {
  const missing = store.unfinished();
  if (missing.length > ONE_BY_ONE) return collectInto(store, job);
  let added = 0;
  for (const index of missing) {
    const child = await Job.fromId(trials, trialJobId(job.data.id, index));
    const r = (child?.finishedOn ? child.returnvalue : null) as TrialJobResult | null;
    if (r && recordResult(store, r)) added++;
  }
  return added + (await collectLost(store, job));
}

/** Trials whose agents all died (BullMQ's ignored children): recorded failed. */
async function collectLost(store: SweepStore, job: Job<SweepJobData>): Promise<number> {
  let added = 0;
  const lost = await job.getIgnoredChildrenFailures();
  for (const [key, reason] of Object.entries(lost)) {
    const outcome = {
      status: 'failed',
      metric: null,
      final: null,
      steps: 0,
      error: `agent: ${reason}`,
      document: null,
    } as const;
    if (store.record(indexOfKey(key), outcome, 'redis')) added++;
  }
  return added;
}

export interface CollectOptions {
  readonly argument?: string;
  readonly onTrial?: (trial: SweepTrial, progress: SweepProgress) => void;
  /** ms between checks of the flow (wait only; default 500) */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/** Collect what the flow holds now into the store in `dir`. */
export async function collectRemoteSweep(
  target: RedisTarget,
  id: string,
  dir: string,
  opts: CollectOptions = {},
) {
  await checkRedis('--redis', target);
  const argument = opts.argument ?? '--out';
  const { sweeps, job } = await parentOf(target, id, 'sweep id');
  try {
    const store = storeFor(dir, job, argument);
    try {
      const added = await collectInto(store, job);
      return { added, counts: store.counts(), remote: await countsOf(job) };
    } finally {
      store.close();
    }
  } finally {
    await sweeps.close();
  }
}

/** Record trials as they complete until the flow is done (or `signal` aborts); the store's counts at the end. */
export async function waitRemoteSweep(
  target: RedisTarget,
  id: string,
  dir: string,
  opts: CollectOptions = {},
) {
  const argument = opts.argument ?? '--out';
  await checkRedis('--redis', target);
  const { sweeps, job } = await parentOf(target, id, 'sweep id');
  const events = new QueueEvents(TRIALS_QUEUE, sweeps.redis.opts());
  const trials = new Queue(TRIALS_QUEUE, sweeps.redis.opts());
  events.on('error', () => undefined);
  trials.on('error', () => undefined);
  const store = storeFor(dir, job, argument);
  const goal = store.definition.metric.goal;
  const t0 = performance.now();
  const start = store.counts();
  let { total, failed } = start;
  let done = start.done + start.failed;
  let closed = false;
  let best = store.best(1)[0] ?? null;
  const progress = (trial: SweepTrial): void => {
    done++;
    if (trial.status === 'failed') failed++;
    else if (best === null || compareMetric(goal, trial.metric, best.metric) < 0) best = trial;
    opts.onTrial?.(trial, {
      total,
      done,
      failed,
      best,
      ranHere: done - start.done - start.failed,
      elapsedMs: performance.now() - t0,
    });
  };
  // the completed events of one read arrive together: recorded in one transaction
  let heard: TrialJobResult[] = [];
  const flush = (): void => {
    if (closed) return;
    const results = heard;
    heard = [];
    const added = store.batch(() => results.filter((r) => recordResult(store, r)));
    for (const r of added) progress(store.trial(r.index)!);
  };
  const prefix = `${id}.`;
  events.on('completed', ({ jobId, returnvalue }) => {
    if (!jobId.startsWith(prefix)) return;
    heard.push((typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as TrialJobResult);
    if (heard.length === 1) setImmediate(flush);
  });
  try {
    await events.waitUntilReady();
    await collectInto(store, job); // what finished before the events were heard
    const found = store.counts(); // with what collectInto recorded
    total = found.total;
    failed = found.failed;
    done = found.done + found.failed;
    for (;;) {
      if (opts.signal?.aborted) break;
      const c = await job.getDependenciesCount({ unprocessed: true });
      if ((c.unprocessed ?? 0) === 0) {
        flush();
        await collectMissing(store, job, trials);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 500));
    }
    flush();
    return { counts: store.counts(), remote: await countsOf(job) };
  } finally {
    closed = true;
    await events.close();
    await trials.close();
    await sweeps.close();
    store.close();
  }
}
