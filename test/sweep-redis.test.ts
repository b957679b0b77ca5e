// The distributed sweep on a real Redis (CI's, or one this file starts): the 60-trial grid through
// `sweep create --wait` and two `gradscope agent` processes, one SIGKILLed mid-way, gives the same
// trials as the local run, each recorded exactly once, with bit-identical numbers; the killed agent's
// trial was taken over by the other; a Redis that does not answer fails within 10 s with one line.

import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradscope, gradscopeAsync, tempDir } from './helpers/cli.js';
import { startTestRedis, type TestRedis, uniquePrefix } from './helpers/redis.js';
import { results, rows, start, until, writeSweep } from './helpers/sweep.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const trialLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('trial '));

describe('a sweep through Redis with two agents', () => {
  it('one agent SIGKILLed mid-way: the same 60 trials as locally, each once, bit-identical', async () => {
    const dir = tempDir('gradscope-sweep-redis-');
    const file = writeSweep(dir);
    const local = join(dir, 'local');
    const here = gradscope(['sweep', 'run', file, '--jobs', '2', '--out', local]);
    expect(here.code, here.stderr).toBe(0);

    const prefix = uniquePrefix();
    const flags = ['--redis', redis.url, '--prefix', prefix];
    const agent = (): ReturnType<typeof start> =>
      start(['agent', ...flags, '--concurrency', '1', '--lock-ms', '1500']);
    const a = agent();
    const b = agent();
    const remote = join(dir, 'remote');
    const creator = start(['sweep', 'create', file, ...flags, '--out', remote, '--wait']);
    await until('agent A to finish 5 trials', () => trialLines(a.stdout()).length >= 5);
    a.kill('SIGKILL');
    expect((await a.done).signal).toBe('SIGKILL');
    const byA = trialLines(a.stdout());
    const created = await creator.done;
    expect(created.code, creator.stderr()).toBe(0);
    b.kill('SIGTERM');
    expect((await b.done).code).toBe(0);
    const byB = trialLines(b.stdout());

    const id = creator.stdout().split('\n')[0]!;
    expect(id).toMatch(/^grid60-[0-9a-f]{16}$/);
    // every trial once: no job id completed twice between the two agents, and B took over the rest
    const ids = [...byA, ...byB].map((l) => l.split(' ')[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(byA.length).toBeLessThan(60);
    expect(ids.length).toBeGreaterThanOrEqual(59); // A may die between completing a trial and saying so
    expect(results(rows(remote))).toEqual(results(rows(local)));
    expect(rows(remote).map((r) => r.status)).toEqual(Array(60).fill('done'));

    // the trial A held when it died stalled, and B ran it: BullMQ's own record of the jobs
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const trials = new Queue('trials', { connection, prefix });
    const jobs = await Promise.all(Array.from({ length: 60 }, (_, i) => trials.getJob(`${id}.${i}`)));
    await trials.close();
    connection.disconnect();
    expect(jobs.every((j) => j !== undefined && j.finishedOn !== undefined)).toBe(true);
    const taken = jobs.filter((j) => j!.stalledCounter > 0 || j!.attemptsStarted > 1);
    expect(taken.length).toBeGreaterThanOrEqual(1);
    expect(taken.every((j) => byB.some((l) => l.startsWith(`trial ${j!.id} `)))).toBe(true);

    const status = gradscope(['sweep', 'status', id, ...flags]);
    expect(status.stdout).toBe(`sweep grid60 (${id}): 60 trials: 60 done, 0 lost, 0 to go (finished)\n`);
    // enqueuing it again adds nothing (job ids are sweepId.index) and collect finds nothing new
    const again = gradscope(['sweep', 'create', file, ...flags]);
    expect([again.code, again.stdout]).toEqual([0, `${id}\n`]);
    expect(again.stderr).toMatch(/already enqueued; nothing added/);
    const collect = gradscope(['sweep', 'collect', id, ...flags, '--out', remote]);
    expect(collect.stdout).toMatch(/60 done.*; 0 new\)$/m);
  }, 180_000);
});

describe('a trial that fails through an agent', () => {
  it('is recorded once as failed with its one-line reason, and not retried', async () => {
    const dir = tempDir('gradscope-sweep-redis-');
    const file = writeSweep(
      dir,
      `name: fails
method: grid
metric: { name: final.val.loss, goal: minimize }
base: { data: sine, samples: 40, hidden: [4], activation: linear, steps: 30, valSplit: 0.25 }
parameters:
  lr: { values: [1000000, 0.01] }
`,
    );
    const prefix = uniquePrefix();
    const flags = ['--redis', redis.url, '--prefix', prefix];
    const agent = start(['agent', ...flags, '--concurrency', '1', '--lock-ms', '1500']);
    const out = join(dir, 'remote');
    const created = gradscopeAsync(['sweep', 'create', file, ...flags, '--out', out, '--wait']);
    const done = await created;
    agent.kill('SIGTERM');
    await agent.done;
    expect(done.code, done.stderr).toBe(0);
    const stored = rows(out);
    expect(stored.map((r) => r.status)).toEqual(['failed', 'done']);
    expect(stored.map((r) => r.attempts)).toEqual([1, 1]);
    const id = done.stdout.split('\n')[0]!;
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const trials = new Queue('trials', { connection, prefix });
    const job = await trials.getJob(`${id}.0`);
    await trials.close();
    connection.disconnect();
    // a failed trial is a result, not a job failure: one attempt, never retried
    expect(job?.finishedOn).toBeDefined();
    expect(job?.attemptsStarted).toBe(1);
    expect(job?.failedReason ?? '').toBe('');
    expect(stored[0]!.error).toMatch(/^non-finite value in \S+ of layer \d+ at step \d+$/);
  }, 120_000);
});

describe.concurrent('an unreachable Redis', () => {
  for (const [what, url] of [
    ['nothing listening', 'redis://127.0.0.1:1'],
    ['a wrong password', null],
  ] as const) {
    it(`${what}: one line within 10 s, exit 2, the password masked`, async () => {
      const target = url ?? redis.url.replace(/:[^:@/]+@/, ':wrong-password@');
      const t0 = Date.now();
      const r = await gradscopeAsync(['agent', '--redis', target, '--prefix', uniquePrefix()], {
        timeout: 20_000,
      });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^gradscope: --redis: expected a reachable Redis server, got "redis:\/\/\S+ \(.+\)"\n$/,
      );
      expect(r.stderr).not.toMatch(/wrong-password/);
    });
  }
});
