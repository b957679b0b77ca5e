// Which kernels the CLI runs on: selectKernels' choice, or the plain reference kernels when
// GRADSCOPE_KERNELS=reference (to compare against, or to rule the WASM kernels out).

import { selectKernels } from '../core/kernels/select.js';
import type { Kernels } from '../core/kernels/types.js';
import type { DType } from '../core/tensor.js';

export function kernelsFor(dtype: DType): Promise<Kernels> {
  return selectKernels({
    dtype,
    prefer: process.env.GRADSCOPE_KERNELS === 'reference' ? 'reference' : 'wasm',
  });
}
