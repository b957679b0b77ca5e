// The cost of the sweep machinery: N trials of a tiny config (2-8-8-1 tanh, 200 steps, 200 circle
// points) run four ways, and each against the same trials in one plain loop (runTrial one after another
// in this thread: no threads, no store, no queue):
//  1. runSweep with 1 worker thread and a SQLite store;
//  2. runSweep with 2 worker threads and a store;
//  3. through Redis: sweep created as one BullMQ flow, 2 `gradscope agent` processes (concurrency 1,
//     sandboxed processors), the results recorded by waitRemoteSweep into a store.
// Overhead per trial = (wall time × workers − plain loop time) / N: the time a trial costs beyond its
// own training, summed over the workers (0 when the workers are busy training all the time).
// Redis: GRADSCOPE_REDIS_URL, or a redis-server of its own on a free port (no persistence).
// Usage: npm run build && node bench/sweep.js [--trials 1000] [--reps 1]

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandTrials, parseSweepDefinition, runTrial } from '../dist/index.js';
import { createRemoteSweep, redisTarget, runSweep, waitRemoteSweep } from '../dist/node/sweep/index.js';
import { median } from './workloads.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const N = Number(arg('--trials', 1000));
const reps = Number(arg('--reps', 1));
const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;

// N trials: lr × seed (10 learning rates, N/10 seeds)
const sweepFile = (name) => ({
  name,
  method: 'grid',
  metric: { name: 'final.val.loss', goal: 'minimize' },
  base: { data: 'circle', samples: 200, hidden: [8, 8], activation: 'tanh', optimizer: 'adam', steps: 200 },
  parameters: {
    lr: { values: [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2] },
    seed: { values: Array.from({ length: N / 10 }, (_, i) => i + 1) },
  },
});

function plainLoop() {
  const def = parseSweepDefinition(sweepFile('plain'), 'bench');
  const trials = expandTrials(def);
  const t0 = performance.now();
  for (const t of trials) runTrial(t.config, def.metric.name);
  return performance.now() - t0;
}

async function local(jobs, rep) {
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-bench-sweep-'));
  const t0 = performance.now();
  const trials = await runSweep(sweepFile(`local-${jobs}-${rep}`), { jobs, out: join(dir, 's') });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (trials.filter((t) => t.status === 'done').length !== N)
    throw new Error('bench: not every trial finished');
  return ms;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function redisUrl() {
  if (process.env.GRADSCOPE_REDIS_URL) return { url: process.env.GRADSCOPE_REDIS_URL, stop() {} };
  const port = await freePort();
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 500));
  return { url: `redis://127.0.0.1:${port}`, stop: () => server.kill('SIGTERM') };
}

function startAgent(url, prefix) {
  const child = spawn(
    process.execPath,
    [CLI, 'agent', '--redis', url, '--prefix', prefix, '--concurrency', '1'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const ready = new Promise((resolve) => {
    child.stderr.on('data', (d) => {
      if (String(d).includes('pulling trials')) resolve();
    });
  });
  return { child, ready };
}

async function remote(url, rep) {
  const prefix = `gsbench${process.pid}x${rep}`;
  const target = redisTarget('--redis', url, prefix);
  const agents = [startAgent(url, prefix), startAgent(url, prefix)];
  await Promise.all(agents.map((a) => a.ready));
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-bench-redis-'));
  const t0 = performance.now();
  const { id } = await createRemoteSweep(target, sweepFile(`redis-${rep}`));
  const { counts } = await waitRemoteSweep(target, id, join(dir, 's'), { pollMs: 100 });
  const ms = performance.now() - t0;
  for (const a of agents) a.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  if (counts.done !== N) throw new Error(`bench: ${counts.done} of ${N} trials done through Redis`);
  return ms;
}

async function main() {
  const redis = await redisUrl();
  const times = { plain: [], 'local, 1 job': [], 'local, 2 jobs': [], 'Redis, 2 agents': [] };
  try {
    plainLoop(); // warm up the JIT in this thread
    for (let r = 0; r < reps; r++) {
      times.plain.push(plainLoop());
      times['local, 1 job'].push(await local(1, r));
      times['local, 2 jobs'].push(await local(2, r));
      times['Redis, 2 agents'].push(await remote(redis.url, r));
    }
  } finally {
    redis.stop();
  }
  const plain = median(times.plain);
  const workers = { plain: 1, 'local, 1 job': 1, 'local, 2 jobs': 2, 'Redis, 2 agents': 2 };
  console.log(
    `${N} trials of 2-8-8-1 tanh, 200 steps, 200 circle points; median of ${reps} run(s); node ${process.version}`,
  );
  console.log('| mode | wall s | trials/s | vs plain loop | overhead ms/trial |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [k, ts] of Object.entries(times)) {
    const ms = median(ts);
    const over = k === 'plain' ? '—' : ((ms * workers[k] - plain) / N).toFixed(2);
    console.log(
      `| ${k} | ${(ms / 1000).toFixed(2)} | ${((N * 1000) / ms).toFixed(1)} | ${(plain / ms).toFixed(2)}× | ${over} |`,
    );
  }
  const one = median(times['local, 1 job']);
  console.log(`2 jobs vs 1 job: ${(one / median(times['local, 2 jobs'])).toFixed(2)}×`);
  process.exit(0);
}

main();
