// GEMM throughput, f32, square n×n×n: gradscope's WASM SIMD kernels (all three forms on one thread, A·B
// on two) and the plain reference, against tfjs-wasm's matMul (XNNPACK, one thread). Medians over `reps`.

import { referenceKernels } from '../../dist/core/kernels/reference.js';
import { median } from './measure.js';
import { tf, useBackend } from './peers/tfjs.js';

const SIZES = [128, 256, 512, 1024];

function gflops(n, ms) {
  return (2 * n * n * n) / (ms * 1e6);
}

/** Median GFLOP/s of fn() (one n³ product), each repetition long enough to time (≥ ~0.2 s). */
function rate(n, reps, fn) {
  fn();
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 0.01);
  const inner = Math.max(1, Math.round(200 / once));
  const rates = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    for (let i = 0; i < inner; i++) fn();
    rates.push(gflops(n, (performance.now() - t) / inner));
  }
  return median(rates);
}

/** @returns {Promise<{ n: number, [k: string]: number }[]>} */
export async function benchGemm(kernels, kernels2, reps, log) {
  const out = [];
  for (const n of SIZES) {
    const a = kernels.alloc('float32', n * n);
    const b = kernels.alloc('float32', n * n);
    const c = kernels.alloc('float32', n * n);
    for (let i = 0; i < n * n; i++) {
      a[i] = Math.sin(i) * 0.5;
      b[i] = Math.cos(i) * 0.5;
    }
    const row = { n };
    row.NN = rate(n, reps, () => kernels.gemmNN(c, a, b, n, n, n, false));
    row.NT = rate(n, reps, () => kernels.gemmNT(c, a, b, n, n, n, false));
    row.TN = rate(n, reps, () => kernels.gemmTN(c, a, b, n, n, n, false));
    const a2 = kernels2.alloc('float32', n * n);
    const b2 = kernels2.alloc('float32', n * n);
    const c2 = kernels2.alloc('float32', n * n);
    a2.set(a);
    b2.set(b);
    row.NN2 = rate(n, reps, () => kernels2.gemmNN(c2, a2, b2, n, n, n, false));
    row.reference =
      n <= 512 ? rate(n, 1, () => referenceKernels.gemmNN(c, a, b, n, n, n, false)) : Number.NaN;
    await useBackend('wasm');
    const ta = tf.tensor2d(a, [n, n]);
    const tb = tf.tensor2d(b, [n, n]);
    row.tfjsWasm = rate(n, reps, () => {
      const tc = tf.matMul(ta, tb);
      tc.dataSync();
      tc.dispose();
    });
    ta.dispose();
    tb.dispose();
    log(`gemm ${n}: ${JSON.stringify(row)}`);
    out.push(row);
  }
  return out;
}
