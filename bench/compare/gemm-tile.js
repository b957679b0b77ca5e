// The GEMM's two micro-tiles (assembly/gemm.ts): 4×8 for M < 128, 5×8 for M ≥ 128, on the three forms at
// W2's shapes and at n³ sizes. In one build, alternated: a product whose M is a multiple of 4 just below 128
// (the 4-row tile, no edge tile) against one whose M is a multiple of 5 at or just above it (the 5-row
// tile), as GFLOP/s, so the ratio is per FLOP. Medians of --reps.
// Usage: npm run build && node bench/compare/gemm-tile.js [--reps 9]

import { createWasmKernels } from '../../dist/core/kernels/wasm/index.js';
import { median } from './measure.js';

const args = process.argv.slice(2);
const reps = Number(args.includes('--reps') ? args[args.indexOf('--reps') + 1] : 9);
const kernels = await createWasmKernels({ memoryBytes: 256 * 1024 * 1024 });

// [form, N, K]: W2 784-256-256-10 at batch 128 (forward NT, dW TN with M = fan-out, dX NN), then squares
const SHAPES = [
  ['gemmNT', 256, 784, 'W2 layer 0 forward (M = batch)'],
  ['gemmTN', 784, 128, 'W2 layer 0 ∂W shape'],
  ['gemmNT', 256, 256, 'W2 layer 1 forward'],
  ['gemmNN', 256, 256, 'W2 layer 1 ∂X'],
  ['gemmNN', 512, 512, '512² (M ≈ 128)'],
];
const SHORT = 124; // 31 full 4-row tiles
const TALL = 130; // 26 full 5-row tiles

function bufs(M, N, K) {
  const n = Math.max(M * K, K * N, M * N, N * K);
  const a = kernels.alloc('float32', n);
  const b = kernels.alloc('float32', n);
  const c = kernels.alloc('float32', M * N);
  for (let i = 0; i < n; i++) {
    a[i] = Math.sin(i) * 0.5;
    b[i] = Math.cos(i * 1.3) * 0.5;
  }
  return { a, b, c };
}

console.log(
  `| shape | N | K | 4×8 tile, M = ${SHORT} (GFLOP/s) | 5×8 tile, M = ${TALL} (GFLOP/s) | 5×8 ÷ 4×8 |`,
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const [form, N, K, name] of SHAPES) {
  const runs = { [SHORT]: [], [TALL]: [] };
  const data = { [SHORT]: bufs(SHORT, N, K), [TALL]: bufs(TALL, N, K) };
  for (let r = 0; r < reps * 2 + 2; r++) {
    const M = (r & 1) === ((r >> 1) & 1) ? SHORT : TALL; // alternate, swapping the order every pair
    const { a, b, c } = data[M];
    const flops = 2 * M * N * K;
    const inner = Math.max(1, Math.round(2e8 / flops));
    const t = performance.now();
    for (let i = 0; i < inner; i++) kernels[form](c, a, b, M, N, K, false);
    if (r >= 2) runs[M].push((flops * inner) / ((performance.now() - t) * 1e6));
  }
  const s = median(runs[SHORT]);
  const t = median(runs[TALL]);
  console.log(
    `| ${name} (${form}) | ${N} | ${K} | ${s.toFixed(1)} | ${t.toFixed(1)} | ${(t / s).toFixed(2)}× |`,
  );
}
