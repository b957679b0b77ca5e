// How much WASM memory a run reserves. The kernels' reserve never grows and buffers past it fall back to
// ordinary arrays copied through staging (~10× slower), so size it from the run plan: parameters,
// gradients and optimizer state (≈ 8 copies) and per-layer activation buffers at the plan's batch
// capacity (≈ 4 copies), plus the GEMM scratch.

import type { RunPlan, TrainConfig } from '../../src/index.js';

const MiB = 1024 * 1024;
const MIN_BYTES = 32 * MiB;
const MAX_BYTES = 1024 * MiB;

export function wasmBytesFor(config: TrainConfig, plan: RunPlan, inputDim: number): number {
  const units = inputDim + config.hidden.reduce((s, d) => s + d, 0) + plan.outputDim;
  const floats = 8 * plan.parameters + 4 * plan.capacity * units;
  return Math.min(MAX_BYTES, Math.max(MIN_BYTES, Math.ceil((floats * 4 + 32 * MiB) / MiB) * MiB));
}
