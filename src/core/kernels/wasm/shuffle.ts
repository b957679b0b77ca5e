// The batch sampler's shuffle on the WASM module (assembly/shuffle.ts: shuffleU32): the epoch's order and
// the stream's four xoshiro128** words are staged into the module's memory, permuted in one call and
// copied back. An order that does not fit the arena takes the plain loop.
// reference: shuffleByWords in src/core/rng.ts (the twins agree bit for bit).
// NOTE: a JS shuffle runs interpreted for a fresh process's first epochs; the module's code is compiled
// when it is instantiated, so the first epoch is already fast.

import { type ShuffleKernel, shuffleByWords } from '../../rng.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

export function createWasmShuffle(wasm: KernelExports, arena: Arena, buffer: ArrayBufferLike): ShuffleKernel {
  let staged: Uint32Array<ArrayBufferLike> = new Uint32Array(0); // four state words, then the order
  return (order, state) => {
    const n = order.length;
    if (n + 4 > staged.length) {
      const at = arena.take((n + 4) * 4);
      if (at < 0) {
        shuffleByWords(order, state);
        return;
      }
      staged = new Uint32Array(buffer, at, n + 4);
    }
    staged.set(state);
    staged.set(order, 4);
    wasm.shuffleU32(staged.byteOffset + 16, n, staged.byteOffset);
    order.set(staged.subarray(4, 4 + n));
    state.set(staged.subarray(0, 4));
  };
}
