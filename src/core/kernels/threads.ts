// How many threads a run's GEMMs use (--threads). A second thread takes half of each product that is
// large enough to pay for the hand-off (src/core/kernels/wasm/threads.ts); smaller ones stay on the
// calling thread. Thread count never changes a number: each element of C is summed on one thread, in the
// same order, so the choice is about speed alone.

/** The most GEMM threads a run can use: the calling thread and one worker. */
export const MAX_THREADS = 2;

/**
 * Products of fewer flops (2·M·N·K) stay on one thread: 2²³ ≈ 8.4 MFLOP is ~200 µs on one thread, and a
 * hand-off costs a futex wake each way (20–55 µs a round trip measured on a 2-core EPYC VM).
 */
export const GEMM_SPLIT_MIN_FLOPS = 2 ** 23;

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
