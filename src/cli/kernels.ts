// Which kernels the CLI runs on: selectKernels' choice, or the plain reference kernels when
// GRADSCOPE_KERNELS=reference (to compare against, or to rule the WASM kernels out).

import { type DType, type Kernels, selectKernels } from '../index.js';
export function kernelsFor(dtype: DType): Promise<Kernels> {
  return selectKernels({
    dtype,
    prefer: process.env.GRADSCOPE_KERNELS === 'reference' ? 'reference' : 'wasm',
  });
}
