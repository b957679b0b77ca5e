export type { Elementwise } from './elementwise.js';
export type { WasmKernels, WasmKernelsOptions } from './kernels.js';
export { createWasmKernels } from './kernels.js';
export type { BufferStats, Moments } from './stats.js';
