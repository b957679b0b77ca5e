// Node's side of the WASM GEMM threads: start the worker as a worker_threads thread. The core only
// knows the SpawnWorker signature; a browser would build a Blob-URL Web Worker from the same source.

import { Worker } from 'node:worker_threads';
import type { SpawnWorker } from '../index.js';

/** A SpawnWorker for Node. The worker is unref'd: an idle GEMM thread never keeps the process alive. */
export const spawnNodeWorker: SpawnWorker = (main) => {
  const worker = new Worker(`require('node:worker_threads').parentPort.once('message', ${main});`, {
    eval: true,
  });
  worker.unref();
  return worker;
};
