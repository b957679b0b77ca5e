// Timing, medians, the per-step heap check and markdown tables for bench/compare.js.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export { median } from '../stats.js';

/** Milliseconds for `steps` calls of runner.step(), after which queued work is flushed. */
export function timeSteps(runner, steps) {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) runner.step();
  runner.sync?.();
  return performance.now() - t0;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/**
 * Heap check: after a collection, run `steps` steps with no collection forced in between and report
 * the JS heap and ArrayBuffer bytes that appeared per step, plus any growth of the WASM arena.
 * NOTE: heapUsed also moves with JIT metadata and a scavenge can hide garbage, so this is the minimum
 * over 5 runs: steady per-step garbage recurs in every run, one-off noise does not.
 */
export function heapPerStep(runner, steps, arenaBytes = () => 0) {
  let heap = Number.POSITIVE_INFINITY;
  let buffers = Number.POSITIVE_INFINITY;
  let arena = 0;
  for (let t = 0; t < 5; t++) {
    gc();
    const m0 = process.memoryUsage();
    const a0 = arenaBytes();
    for (let i = 0; i < steps; i++) runner.step();
    const m1 = process.memoryUsage();
    heap = Math.min(heap, (m1.heapUsed - m0.heapUsed) / steps);
    buffers = Math.min(buffers, (m1.arrayBuffers - m0.arrayBuffers) / steps);
    arena = Math.max(arena, arenaBytes() - a0);
  }
  return { heap, buffers, arena };
}

export function fmt(x, digits = 0) {
  if (!Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A markdown table from a header row and body rows (numbers right-aligned). */
export function table(header, body) {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
