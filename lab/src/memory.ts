// How much WASM memory a run reserves. The kernels' reserve never grows and buffers past it fall back to
// ordinary arrays copied through staging (~10× slower), so size it from the network: parameters,
// gradients and optimizer state (≈ 8 copies) and per-layer activation buffers at the model's batch
// capacity (≤ 256 rows, ≈ 4 copies), plus the GEMM scratch.

import type { TrainConfig } from '../../src/core/config.js';

const MiB = 1024 * 1024;
const MIN_BYTES = 32 * MiB;
const MAX_BYTES = 1024 * MiB;

export function wasmBytesFor(config: TrainConfig, inputDim: number): number {
  const dims = [inputDim, ...config.hidden, 10];
  let params = 0;
  for (let i = 1; i < dims.length; i++) params += dims[i - 1]! * dims[i]! + dims[i]!;
  const units = dims.reduce((s, d) => s + d, 0);
  const floats = 8 * params + 4 * 256 * units;
  return Math.min(MAX_BYTES, Math.max(MIN_BYTES, Math.ceil((floats * 4 + 32 * MiB) / MiB) * MiB));
}

/** Input width of a CSV (header cells minus the target), or 2 for the generators. */
export function inputDimOf(csv: string | null): number {
  if (csv === null) return 2;
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return Math.max(1, header.split(',').length - 1);
}
