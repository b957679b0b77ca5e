// The browser's side of the WASM GEMM threads: start the worker as a Web Worker from a Blob URL.
// Needs a cross-origin isolated page (COOP same-origin + COEP require-corp) for SharedArrayBuffer, and
// the kernels must run in a Web Worker themselves: the caller blocks in Atomics.wait.

import type { SpawnWorker } from '../index.js';
export const spawnWebWorker: SpawnWorker = (main) => {
  const url = URL.createObjectURL(
    new Blob([`self.onmessage = (e) => (${main})(e.data);`], { type: 'text/javascript' }),
  );
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  return worker;
};
