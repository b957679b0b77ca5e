// Which kernels gradscope's Node front ends run on, one rule for `train`, `experiment` and every sweep
// trial (local threads and agents alike): the WASM kernels, or the plain reference kernels when
// GRADSCOPE_KERNELS=reference (to compare against, or to rule the WASM kernels out).

import type { KernelChoice } from '../index.js';

export function kernelChoice(): KernelChoice {
  return process.env.GRADSCOPE_KERNELS === 'reference' ? 'reference' : 'wasm';
}
