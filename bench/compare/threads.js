// One thread against two: the hand-off's round trip, the GEMMs that matter (square n³ and W2's large
// products) and W2's whole training step (fused, as `gradscope train` runs it, and on the layers), with
// the hand-offs a step makes. The kernel sets alternate, 5 timed rounds each; medians. Two threads only
// help while the second core is free, so run it on an idle machine (the load average is printed).
// Usage: node bench/compare/threads.js

import { loadavg } from 'node:os';
import { createWasmKernels } from '../../dist/core/kernels/wasm/index.js';
import { createTrainer, resolveConfig } from '../../dist/index.js';
import { spawnNodeWorker } from '../../dist/node/wasm-threads.js';
import { syntheticDataset, WORKLOADS, workloadSettings } from '../workloads.js';
import { fmt, median, table } from './measure.js';

const SHAPES = [
  ['gemmNN', 1024, 1024, 1024, 'A·B, n = 1024'],
  ['gemmNN', 512, 512, 512, 'A·B, n = 512'],
  ['gemmNN', 256, 256, 256, 'A·B, n = 256'],
  ['gemmNN', 128, 128, 128, 'A·B, n = 128 (below the split threshold)'],
  ['gemmNT', 128, 256, 784, 'W2 forward, layer 1: x Wᵀ'],
  ['gemmTN', 256, 784, 128, 'W2 backward, layer 1: dzᵀ x'],
  ['gemmNT', 128, 256, 256, 'W2 forward, layer 2: x Wᵀ'],
  ['gemmTN', 256, 256, 128, 'W2 backward, layer 2: dzᵀ x'],
  ['gemmNN', 128, 256, 256, 'W2 backward, layer 2: dz W'],
];

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const one = await createWasmKernels({ memoryBytes: 64 << 20 });
const two = await createWasmKernels({ memoryBytes: 64 << 20, threads: { spawn: spawnNodeWorker } });

function operands(k, M, N, K) {
  const a = k.alloc('float32', M * K);
  const b = k.alloc('float32', K * N);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
  for (let i = 0; i < b.length; i++) b[i] = Math.cos(i);
  return { a, b, c: k.alloc('float32', M * N) };
}

// the hand-off alone: a 1×16×1 product split in two (8 columns each), so the work is nil
{
  const k = await createWasmKernels({
    memoryBytes: 8 << 20,
    threads: { spawn: spawnNodeWorker, minFlops: 0 },
  });
  const { a, b, c } = operands(k, 1, 16, 1);
  const us = [];
  for (let i = 0; i < 3000; i++) {
    const t = performance.now();
    k.gemmNN(c, a, b, 1, 16, 1, false);
    if (i >= 500) us.push((performance.now() - t) * 1000);
  }
  us.sort((x, y) => x - y);
  const q = (p) => fmt(us[Math.floor(p * (us.length - 1))], 1);
  console.log(
    `hand-off round trip (wake the worker, run nothing, wake the caller): median ${q(0.5)} µs, p10 ${q(0.1)}, p90 ${q(0.9)}`,
  );
  k.close();
}

const rows = [];
for (const [form, M, N, K, label] of SHAPES) {
  const flops = 2 * M * N * K;
  const inner = Math.max(3, Math.round(2e9 / flops / 10));
  const sets = [one, two].map((k) => ({ k, ...operands(k, M, N, K), rates: [] }));
  for (let round = -1; round < 5; round++) {
    for (const s of sets) {
      const t = performance.now();
      for (let i = 0; i < inner; i++) s.k[form](s.c, s.a, s.b, M, N, K, false);
      if (round >= 0) s.rates.push((flops * inner) / ((performance.now() - t) * 1e6));
    }
  }
  const [r1, r2] = sets.map((s) => median(s.rates));
  const t1 = (flops / r1) * 1e-3; // µs
  rows.push([
    label,
    fmt(flops / 1e6, 1),
    fmt(r1, 1),
    fmt(r2, 1),
    `${fmt(r2 / r1, 2)}×`,
    fmt(t1 - (flops / r2) * 1e-3, 0),
  ]);
}
two.close();
console.log(
  table(['product', 'MFLOP', '1 thread GFLOP/s', '2 threads GFLOP/s', 'speed-up', 'µs saved'], rows),
);

// W2's training step: trainer.step() (no diagnostics), fused and on the layers, 1 and 2 threads
const w = WORKLOADS['W2 784-256-256-10 ReLU CE b128'];
const data = { train: syntheticDataset(w, 1280), val: null };
const config = resolveConfig({ ...workloadSettings(w), lr: 0.01, steps: 1, dtype: 'float32' });
const STEPS = 20;
const runs = [];
for (const fused of [true, false]) {
  for (const threads of [1, 2]) {
    const kernels = await createWasmKernels({
      memoryBytes: 64 << 20,
      ...(threads === 2 ? { threads: { spawn: spawnNodeWorker } } : {}),
    });
    runs.push({
      fused,
      threads,
      kernels,
      trainer: createTrainer(config, data, { kernels, fused }),
      rates: [],
    });
  }
}
for (let round = -1; round < 7; round++) {
  for (const r of runs) {
    const h0 = r.kernels.handOffs();
    const t = performance.now();
    for (let i = 0; i < STEPS; i++) r.trainer.step();
    const ms = performance.now() - t;
    r.handOffsPerStep = (r.kernels.handOffs() - h0) / STEPS;
    if (round >= 0) r.rates.push((STEPS * w.batch * 1000) / ms);
  }
}
const base = (fused) => median(runs.find((r) => r.fused === fused && r.threads === 1).rates);
console.log('');
console.log(
  table(
    ['W2 step (784-256-256-10, b128)', 'path', 'hand-offs/step', 'samples/s', 'µs/step', 'vs 1 thread'],
    runs.map((r) => {
      const rate = median(r.rates);
      return [
        `${r.fused ? 'fused' : 'layers'}, ${r.threads} thread${r.threads > 1 ? 's' : ''}`,
        r.trainer.stepPath,
        fmt(r.handOffsPerStep, 0),
        fmt(rate),
        fmt((w.batch * 1e6) / rate),
        `${fmt(rate / base(r.fused), 2)}×`,
      ];
    }),
  ),
);
for (const r of runs) r.kernels.close();
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
