// Which kernels a front end runs on: WASM SIMD for float32, the plain reference for float64 (exact work).

import { referenceKernels } from '../core/kernels/reference.js';
import type { Kernels } from '../core/kernels/types.js';
import { createWasmKernels } from '../core/kernels/wasm/index.js';
import type { DType } from '../core/tensor.js';

let wasm: Promise<Kernels> | null = null;

export function kernelsFor(dtype: DType): Promise<Kernels> {
  if (dtype === 'float64' || process.env.GRADSCOPE_KERNELS === 'reference')
    return Promise.resolve(referenceKernels);
  wasm ??= createWasmKernels();
  return wasm;
}
