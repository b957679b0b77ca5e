// One thread against two on the GEMMs that matter: square n³ and W2's three large products. The two
// kernel sets alternate, 5 timed rounds each; medians. Two threads only help while the second core is
// free, so run it on an idle machine.
// Usage: node bench/compare/threads.js

import { createWasmKernels } from '../../dist/core/kernels/wasm/index.js';
import { spawnNodeWorker } from '../../dist/node/wasm-threads.js';
import { fmt, median, table } from './measure.js';

const SHAPES = [
  ['gemmNN', 1024, 1024, 1024, 'A·B, n = 1024'],
  ['gemmNN', 512, 512, 512, 'A·B, n = 512'],
  ['gemmNN', 256, 256, 256, 'A·B, n = 256'],
  ['gemmNN', 128, 128, 128, 'A·B, n = 128 (below the split threshold)'],
  ['gemmNT', 128, 256, 784, 'W2 forward, layer 1: x Wᵀ'],
  ['gemmTN', 256, 784, 128, 'W2 backward, layer 1: dzᵀ x'],
  ['gemmNN', 128, 256, 256, 'W2 backward, layer 2: dz W'],
];

const one = await createWasmKernels({ memoryBytes: 64 << 20 });
const two = await createWasmKernels({ memoryBytes: 64 << 20, threads: { spawn: spawnNodeWorker } });

function operands(k, M, N, K) {
  const a = k.alloc('float32', M * K);
  const b = k.alloc('float32', K * N);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
  for (let i = 0; i < b.length; i++) b[i] = Math.cos(i);
  return { a, b, c: k.alloc('float32', M * N) };
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
  rows.push([label, fmt(r1, 1), fmt(r2, 1), `${fmt(r2 / r1, 2)}×`]);
}
two.close();
console.log(table(['product', '1 thread GFLOP/s', '2 threads GFLOP/s', 'speed-up'], rows));
