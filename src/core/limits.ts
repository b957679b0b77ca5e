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

/** The largest finite float32: a larger value (a --bias-init, a CSV cell) is Inf in a float32 model. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Weights and biases of Dense layers of these widths, input and output included. */
export function parameterCount(widths: readonly number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < widths.length; i++) n += (widths[i]! + 1) * widths[i + 1]!;
  return n;
}

const MiB = 1024 * 1024;

/**
 * How large a file gradscope reads may be, in bytes: past these it cannot be a valid file of its kind,
 * and reading it would only cost the memory and the time (a front end refuses it before reading a byte).
 */
export const FILE_LIMITS = {
  /** a CSV of data: MNIST's 60,000 training images as CSV are 110 MB */
  csv: { bytes: 256 * MiB, why: 'ample for 60,000 MNIST rows' },
  /**
   * a weights file: LIMITS.parameters in F64 is 80 MB; norm tensors add at most 4 values a hidden unit,
   * at most twice the parameters (160 MB); the header of a valid file is well under 16 MB
   */
  safetensors: { bytes: 256 * MiB, why: 'the largest model, in float64, with norms' },
  /** summary.json or metrics.jsonl: the run at LIMITS.layerRecords is about 100 MB */
  runDocument: { bytes: 256 * MiB, why: 'over twice the largest run' },
  /** config.json of a saved run: the config and the plan, a few kB */
  runConfig: { bytes: 1 * MiB, why: 'a config and a plan' },
  /** a checkpoint: the weights and up to two optimizer moments of the largest model, in float64 */
  checkpoint: { bytes: 768 * MiB, why: 'the weights and optimizer state of the largest model' },
  /** a TF.js model.json: the layers' topology and the weights manifest, a few kB a layer */
  tfjsModel: { bytes: 16 * MiB, why: 'the topology of 1000 layers' },
} as const satisfies Record<string, { readonly bytes: number; readonly why: string }>;
