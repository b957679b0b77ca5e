export type { Elementwise } from './elementwise.js';
export type { WasmKernels, WasmKernelsOptions, WasmThreadsOptions } from './kernels.js';
export { createWasmKernels, wasmKernelMaker } from './kernels.js';
export type { ActivationSums, DenseSums, FractionKind, LayerSums } from './layer-sums.js';
export type { BufferStats, Moments } from './stats.js';
export type { SpawnWorker, WorkerHandle } from './threads.js';
export { gemmWorkerSource } from './threads.js';
