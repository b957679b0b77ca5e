// The peers that run in a process of their own, for bench/compare.js: `gradscope train` through the CLI
// (the number a user sees: the median wall time of `train --steps S` minus the median of `--steps 0`, same flags), once
// as it comes and once with `--threads 2`, and PyTorch CPU through /usr/bin/python3 (1 and 2 threads). Each repetition runs every one of them once, in
// an order that rotates, so machine drift hits all alike. The workload's data goes to a CSV that both the
// CLI (--data) and PyTorch read.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './measure.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const TORCH = new URL('./peers/torch_peer.py', import.meta.url).pathname;
// NOTE: /usr/bin/python3 explicitly: a pyenv shim earlier on PATH has no torch
const PYTHON = '/usr/bin/python3';

/** The workload's data as a CSV: x columns, then the label or target last. */
export function writeCsv(w, data, dir) {
  const path = join(dir, `${w.id}.csv`);
  const D = w.inputDim;
  const lines = [[...Array.from({ length: D }, (_, j) => `x${j}`), 'y'].join(',')];
  for (let i = 0; i < w.n; i++) {
    const row = Array.from(data.x.subarray(i * D, (i + 1) * D), (v) => String(v));
    row.push(String(data.y[i]));
    lines.push(row.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The `gradscope train` flags of a workload (the same network, loss, batch, lr and seed as in-process). */
export function cliFlags(w, csv, steps) {
  return [
    'train',
    '--data',
    csv,
    '--val-split',
    '0',
    '--hidden',
    w.hidden.join(','),
    '--activation',
    w.activation,
    '--init',
    w.activation === 'relu' ? 'he-normal' : 'xavier-normal',
    '--loss',
    w.loss,
    '--batch-size',
    String(w.batch),
    '--lr',
    String(w.lr),
    '--optimizer',
    'sgd',
    '--seed',
    '1',
    '--steps',
    String(steps),
    ...(process.env.BENCH_CLI_FLAGS ? process.env.BENCH_CLI_FLAGS.split(' ') : []),
  ];
}

function wallMs(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return ms;
}

function torchMs(w, csv, steps, threads) {
  const spec = { ...w, csv, steps, threads };
  const r = spawnSync(PYTHON, [TORCH, JSON.stringify(spec)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`torch peer: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

export const PROCESS_ENGINES = [
  'gradscope train (CLI)',
  'PyTorch CPU, 1 thread',
  'PyTorch CPU, 2 threads',
  'gradscope train (CLI), --threads 2',
];

/**
 * Medians (samples/s) of the process peers on workload w over `reps` alternated repetitions, with the
 * per-rep values (the spread). The CLI runs w.cliSteps steps; PyTorch times w.cliSteps steps after as many
 * warm-up steps.
 */
export function benchProcessPeers(w, data, dir, reps, log) {
  const csv = writeCsv(w, data, dir);
  const S = w.cliSteps;
  const samples = S * w.batch;
  const rates = Object.fromEntries(PROCESS_ENGINES.map((e) => [e, []]));
  const cli = { full: [], zero: [] };
  // each CLI row's wall times, to take its rate as the issue defines it: median(full) − median(zero)
  const walls = {};
  let torchInfo = null;
  const cliRate = (extra) => {
    const full = wallMs(process.execPath, [CLI, ...cliFlags(w, csv, S), ...extra]);
    const zero = wallMs(process.execPath, [CLI, ...cliFlags(w, csv, 0), ...extra]);
    const key = extra.join(' ');
    walls[key] ??= { full: [], zero: [] };
    walls[key].full.push(full);
    walls[key].zero.push(zero);
    if (extra.length === 0) {
      cli.full.push(full);
      cli.zero.push(zero);
    }
    // NOTE: a pair whose --steps S run came in under its --steps 0 run measured nothing: NaN, not a rate
    return full > zero ? (samples * 1000) / (full - zero) : Number.NaN;
  };
  const cliExtra = { 'gradscope train (CLI)': [], 'gradscope train (CLI), --threads 2': ['--threads', '2'] };
  const run = {
    'gradscope train (CLI)': () => cliRate(cliExtra['gradscope train (CLI)']),
    'gradscope train (CLI), --threads 2': () => cliRate(cliExtra['gradscope train (CLI), --threads 2']),
    'PyTorch CPU, 1 thread': () => {
      torchInfo = torchMs(w, csv, S, 1);
      return (samples * 1000) / torchInfo.ms;
    },
    'PyTorch CPU, 2 threads': () => (samples * 1000) / torchMs(w, csv, S, 2).ms,
  };
  for (let rep = 0; rep < reps; rep++) {
    const order = PROCESS_ENGINES.map((_, i) => PROCESS_ENGINES[(i + rep) % PROCESS_ENGINES.length]);
    for (const e of order) rates[e].push(run[e]());
  }
  const result = {};
  for (const e of PROCESS_ENGINES) {
    const measured = rates[e].filter((r) => Number.isFinite(r));
    const own = cliExtra[e] && walls[cliExtra[e].join(' ')];
    const gap = own ? median(own.full) - median(own.zero) : Number.NaN;
    result[e] = {
      median: own ? (gap > 0 ? (samples * 1000) / gap : Number.NaN) : median(measured),
      min: Math.min(...measured),
      max: Math.max(...measured),
    };
    log(`${w.id} ${e}: ${Math.round(result[e].median)} samples/s (${rates[e].map(Math.round).join(', ')})`);
  }
  log(
    `${w.id} CLI wall ms: --steps ${S} median ${median(cli.full).toFixed(0)}, --steps 0 median ${median(cli.zero).toFixed(0)}; torch blas ${torchInfo?.blas}`,
  );
  return { rates: result, cliFullMs: median(cli.full), cliZeroMs: median(cli.zero) };
}
