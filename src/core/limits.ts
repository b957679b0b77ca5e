// How big a run may be. Past these sizes a run does not fail, it hangs for hours or dies out of memory
// (in a browser tab, or with a V8 crash dump): the settings and the run plan refuse it at the entry.

export const LIMITS = {
  /** weights and biases of the Dense layers (~10 s a step with probes at this size, float32) */
  parameters: 10_000_000,
  /** rows of the largest batch × units of all layers: each layer keeps several (B, width) buffers */
  batchActivations: 20_000_000,
  /** updates, however given (--steps, or --epochs × batches per epoch) */
  steps: 10_000_000,
  /** logged steps × Dense layers, and probes × Dense layers, for a session that keeps its whole
   * history in memory (the library's default); the CLI's bounded session streams it to disk instead */
  layerRecords: 100_000,
} as const;

/** Weights and biases of Dense layers of these widths, input and output included. */
export function parameterCount(widths: readonly number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < widths.length; i++) n += (widths[i]! + 1) * widths[i + 1]!;
  return n;
}
