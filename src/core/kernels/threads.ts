// How many threads a run's GEMMs use (--threads). A second thread takes half of each product that is
// large enough to pay for the hand-off (src/core/kernels/wasm/threads.ts); smaller ones stay on the
// calling thread. Thread count never changes a number: each element of C is summed on one thread, in the
// same order, so the choice is about speed alone.

/** The most GEMM threads a run can use: the calling thread and one worker. */
export const MAX_THREADS = 2;

/**
 * Products of fewer flops (2·M·N·K) stay on one thread: 2²⁵ ≈ 33.6 MFLOP is ~700 µs on one thread, and a
 * hand-off costs a futex wake each way (12–30 µs a round trip in a tight loop, ~100 µs late inside a
 * training step, measured on a 2-core EPYC VM). NOTE: at 2²³, W2's 16.8 MFLOP products split and ran at
 * 0.67–0.77× of one thread (bench/compare/threads.js, 14:06 UTC 2026-12-02), while its 51 MFLOP ones and
 * a 256³ product gained 1.45–1.6×.
 */
export const GEMM_SPLIT_MIN_FLOPS = 2 ** 25;

/** What --threads resolves against: the machine's cores and the Dense widths and batch of the step. */
export interface ThreadsContext {
  /** logical cores the process may use (Node: os.availableParallelism()) */
  readonly cores: number;
  /** the layer widths, input to output: [I, H₁, …, O] */
  readonly widths: readonly number[];
  /** rows per training step */
  readonly batch: number;
}

/** The flops of the largest product of one training step: 2·B·I·O of the widest Dense layer. */
export function largestStepProduct(widths: readonly number[], batch: number): number {
  let most = 0;
  for (let l = 1; l < widths.length; l++) most = Math.max(most, 2 * batch * widths[l - 1]! * widths[l]!);
  return most;
}

/**
 * 1 or 2. `auto` is 2 when a second core exists and some product of the step reaches the split size:
 * otherwise a worker could only sit idle (W1, W3-sized nets never split) or wait for a core.
 */
export function resolveThreads(threads: number | 'auto', ctx: ThreadsContext): number {
  if (threads !== 'auto') return Math.min(threads, MAX_THREADS);
  const heavy = largestStepProduct(ctx.widths, ctx.batch) >= GEMM_SPLIT_MIN_FLOPS;
  return ctx.cores >= 2 && heavy ? 2 : 1;
}
