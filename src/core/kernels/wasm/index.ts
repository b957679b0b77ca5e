export type { WasmKernels, WasmKernelsOptions } from './kernels.js';
export { createWasmKernels } from './kernels.js';
