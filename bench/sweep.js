// The cost of the sweep machinery: N trials of a tiny config (2-8-8-1 tanh, 200 steps, 200 circle
// points) run four ways, and each against the same trials in one plain loop (runTrial one after another
// in this thread: no threads, no store, no queue):
//  1. runSweep with 1 worker thread and a SQLite store;
//  2. runSweep with 2 worker threads and a store;
//  3. the same trials in 1 plain worker thread, and split over 2 at once (no store, no queue, no
//     reports): the ceiling of 2 threads over 1 on this machine, cold isolates and V8's helper threads
//     included, against which the 2-job sweep's ratio is read;
//  4. through Redis: sweep created as one BullMQ flow, 2 `gradscope agent` processes (concurrency 1,
//     sandboxed processors), the results recorded by waitRemoteSweep into a store.
// Overhead per trial = (wall time × workers − plain loop time) / N: the time a trial costs beyond its
// own training, summed over the workers (0 when the workers are busy training all the time).
// NOTE: on a shared machine wall time swings with the other jobs, so the CPU time of every process
// involved (this one and its worker threads; the agents and their sandboxed children; redis-server when
// started here) is measured too: CPU overhead per trial = (CPU time − the plain loop's) / N.
// NOTE: the plain loop is timed warm (after a first pass that is reported apart), while each worker
// thread and agent sandbox starts cold: its module load and JIT warm-up (~1 s of CPU) are in its overhead.
// Redis: GRADSCOPE_REDIS_URL, or a redis-server of its own on a free port (no persistence).
// Usage: npm run build && node bench/sweep.js [--trials 1000] [--reps 1] [--only local|redis] [--cpu-prof DIR]

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { expandTrials, parseSweepDefinition, runTrial, selectKernelsPerRun } from '../dist/index.js';
import { kernelChoice } from '../dist/node/kernel-choice.js';
import { createRemoteSweep, redisTarget, runSweep, waitRemoteSweep } from '../dist/node/sweep/index.js';
import { startRedisServer } from '../scripts/redis-server.mjs';
import { median } from './workloads.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const N = Number(arg('--trials', 1000));
const reps = Number(arg('--reps', 1));
/** --only local | redis: the plain loop and those modes only */
const only = arg('--only', 'all');
const profileDir = arg('--cpu-prof', null);
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

const TICK_MS = 10; // USER_HZ = 100 on Linux
/** CPU ms of the calling thread so far (Linux: /proc/thread-self) */
const threadMs = () => {
  const text = readFileSync('/proc/thread-self/stat', 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
};

/** CPU ms of this process (all its threads) since `from` */
const cpuMs = (from) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

/** [pid, ppid, CPU ms] of every process, from /proc */
function processes() {
  const stats = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.push({ pid: Number(d), ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {}
  }
  return stats;
}
/** CPU ms of process `pid` itself and of its live descendants */
function cpuOf(pid, stats = processes()) {
  let children = 0;
  const add = (p) => {
    for (const s of stats)
      if (s.ppid === p) {
        children += s.ms;
        add(s.pid);
      }
  };
  add(pid);
  return { own: stats.find((s) => s.pid === pid)?.ms ?? 0, children };
}

// the kernels a sweep's trials run on (src/node/sweep/messages.ts): a fresh WASM set per trial
const kernels = await selectKernelsPerRun(kernelChoice());

/** trials `part`, `part + parts`, … of the bench's sweep, in this thread */
function plainLoop(part = 0, parts = 1) {
  const def = parseSweepDefinition(sweepFile('plain'), 'bench');
  const trials = expandTrials(def);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = part; i < trials.length; i += parts) {
    const { config } = trials[i];
    runTrial(config, def.metric.name, { kernels: kernels(config.dtype) });
  }
  return { ms: performance.now() - t0, cpu: cpuMs(c0) };
}

/** the plain loop split over `threads` fresh worker threads at once: wall time from their start to the last one's end */
async function plainThreads(threads) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: threads }, (_, part) => {
      const w = new Worker(new URL(import.meta.url), { argv: args, workerData: { part, parts: threads } });
      return new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      }).finally(() => w.terminate());
    }),
  );
  return { ms: performance.now() - t0, cpu: cpuMs(c0) };
}

async function local(jobs, rep) {
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-bench-sweep-'));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const m0 = threadMs();
  const trials = await runSweep(sweepFile(`local-${jobs}-${rep}`), { jobs, out: join(dir, 's') });
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  // this thread records the trials; the rest is the worker threads and V8's helper threads
  const main = threadMs() - m0;
  rmSync(dir, { recursive: true, force: true });
  if (trials.filter((t) => t.status === 'done').length !== N)
    throw new Error('bench: not every trial finished');
  return { ms, cpu, parts: { main, threads: cpu - main } };
}

async function redisUrl() {
  if (process.env.GRADSCOPE_REDIS_URL) return { url: process.env.GRADSCOPE_REDIS_URL, pid: null, stop() {} };
  return await startRedisServer();
}

function startAgent(url, prefix) {
  // --cpu-prof DIR: the agents and their sandboxed children (BullMQ forks them with the agent's execArgv)
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...prof, CLI, 'agent', '--redis', url, '--prefix', prefix, '--concurrency', '1'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let err = '';
  const ready = new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += String(d);
      if (err.includes('pulling trials')) resolve();
    });
    exited.then((code) =>
      reject(new Error(`bench: an agent exited (${code}) before pulling trials: ${err}`)),
    );
  });
  return { child, ready, exited };
}

/** CPU ms of the agents (own), their sandboxed children and redis-server (when started here) */
function remoteCpu(agents, redis) {
  const stats = processes();
  const of = agents.map((a) => cpuOf(a.child.pid, stats));
  return {
    agents: of.reduce((a, x) => a + x.own, 0),
    children: of.reduce((a, x) => a + x.children, 0),
    redis: redis.pid ? cpuOf(redis.pid, stats).own : 0,
  };
}

async function remote(redis, rep) {
  const { url } = redis;
  const prefix = `gsbench${process.pid}x${rep}`;
  const target = redisTarget('--redis', url, prefix);
  const agents = [startAgent(url, prefix), startAgent(url, prefix)];
  await Promise.all(agents.map((a) => a.ready));
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-bench-redis-'));
  const before = remoteCpu(agents, redis);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { id } = await createRemoteSweep(target, sweepFile(`redis-${rep}`));
  const { counts } = await waitRemoteSweep(target, id, join(dir, 's'), { pollMs: 100 });
  const ms = performance.now() - t0;
  const waiter = cpuMs(c0);
  const after = remoteCpu(agents, redis);
  const parts = { waiter };
  for (const k of Object.keys(after)) parts[k] = after[k] - before[k];
  // SIGINT: the agents close their children, which exit (and write their profiles with --cpu-prof)
  for (const a of agents) a.child.kill(profileDir ? 'SIGINT' : 'SIGTERM');
  await Promise.all(agents.map((a) => a.exited));
  rmSync(dir, { recursive: true, force: true });
  if (counts.done !== N) throw new Error(`bench: ${counts.done} of ${N} trials done through Redis`);
  return { ms, cpu: Object.values(parts).reduce((a, x) => a + x, 0), parts };
}

async function main() {
  const redis = await redisUrl();
  const times = { plain: [] };
  if (only !== 'redis') Object.assign(times, { 'local, 1 job': [], 'local, 2 jobs': [] });
  if (only !== 'local') times['Redis, 2 agents'] = [];
  try {
    // the first pass warms up the JIT in this thread (a worker thread or an agent pays the same once)
    const cold = plainLoop();
    times['plain, cold'] = [cold];
    if (only !== 'redis') Object.assign(times, { 'plain, 1 thread': [], 'plain, 2 threads': [] });
    for (let r = 0; r < reps; r++) {
      times.plain.push(plainLoop());
      if (times['plain, 1 thread']) {
        times['plain, 1 thread'].push(await plainThreads(1));
        times['plain, 2 threads'].push(await plainThreads(2));
      }
      if (times['local, 1 job']) times['local, 1 job'].push(await local(1, r));
      if (times['local, 2 jobs']) times['local, 2 jobs'].push(await local(2, r));
      if (times['Redis, 2 agents']) times['Redis, 2 agents'].push(await remote(redis, r));
    }
  } finally {
    await redis.stop();
  }
  const wall = (k) => median(times[k].map((t) => t.ms));
  const cpu = (k) => median(times[k].map((t) => t.cpu));
  const plain = wall('plain');
  const workers = {
    plain: 1,
    'plain, 1 thread': 1,
    'plain, 2 threads': 2,
    'local, 1 job': 1,
    'local, 2 jobs': 2,
    'Redis, 2 agents': 2,
  };
  console.log(
    `${N} trials of 2-8-8-1 tanh, 200 steps, 200 circle points; median of ${reps} run(s); node ${process.version}`,
  );
  console.log(
    '| mode | wall s | trials/s | vs plain loop | wall overhead ms/trial | CPU s | CPU overhead ms/trial |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const k of Object.keys(times)) {
    if (k === 'plain, cold') continue;
    const ms = wall(k);
    const over = k === 'plain' ? '—' : ((ms * workers[k] - plain) / N).toFixed(2);
    const cpuOver = k === 'plain' ? '—' : ((cpu(k) - cpu('plain')) / N).toFixed(2);
    console.log(
      `| ${k} | ${(ms / 1000).toFixed(2)} | ${((N * 1000) / ms).toFixed(1)} | ${(plain / ms).toFixed(2)}× | ${over} | ${(cpu(k) / 1000).toFixed(2)} | ${cpuOver} |`,
    );
  }
  const perTrial = (x) => (x / N).toFixed(2);
  console.log(
    `JIT warm-up (the first plain pass less the median of the others): ${perTrial(wall('plain, cold') - plain)} ms a trial of wall time, ${perTrial(cpu('plain, cold') - cpu('plain'))} of CPU (all threads)`,
  );
  if (times['local, 1 job']) {
    const jobs = wall('local, 1 job') / wall('local, 2 jobs');
    const ceiling = wall('plain, 1 thread') / wall('plain, 2 threads');
    console.log(
      `2 jobs vs 1 job (wall): ${jobs.toFixed(2)}×; the same trials in plain threads, 2 vs 1: ${ceiling.toFixed(2)}× (the sweep reaches ${((100 * jobs) / ceiling).toFixed(0)}% of it)`,
    );
    const perRep = (one, two) => times[one].map((t, r) => (t.ms / times[two][r].ms).toFixed(2)).join(', ');
    console.log(
      `per rep, 2 ÷ 1 (the pairs ran minutes apart, so the host's load differs between reps): sweep ${perRep('local, 1 job', 'local, 2 jobs')}; plain threads ${perRep('plain, 1 thread', 'plain, 2 threads')}`,
    );
    for (const k of ['plain, 1 thread', 'plain, 2 threads', 'local, 1 job', 'local, 2 jobs'])
      console.log(`${k}, wall s per run: ${times[k].map((t) => (t.ms / 1000).toFixed(2)).join(', ')}`);
    for (const k of ['local, 1 job', 'local, 2 jobs']) {
      const part = (p) => perTrial(median(times[k].map((t) => t.parts[p])));
      console.log(
        `${k} CPU ms/trial: main thread (the store) ${part('main')}, worker and V8 helper threads ${part('threads')} (plain loop ${perTrial(cpu('plain'))})`,
      );
    }
  }
  if (times['Redis, 2 agents']) {
    // where the Redis mode's CPU goes, ms a trial (median over the runs); the children train
    const part = (k) => (median(times['Redis, 2 agents'].map((t) => t.parts[k])) / N).toFixed(2);
    const plainPer = (cpu('plain') / N).toFixed(2);
    console.log(
      `Redis CPU ms/trial: sandboxed children ${part('children')} (plain loop ${plainPer}), agents ${part('agents')}, waiter ${part('waiter')}, redis-server ${part('redis')}`,
    );
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`load average at the end: ${load} (2 cores)`);
  process.exit(0);
}

if (isMainThread) main();
else parentPort.postMessage(plainLoop(workerData.part, workerData.parts));
