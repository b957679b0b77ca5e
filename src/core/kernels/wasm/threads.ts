// Two-thread GEMM: a worker thread runs one half of a large product on the same shared WASM memory
// while the calling thread runs the other half. Workers are started through an injected `spawn`, so this
// file stays free of Node and DOM APIs (see gemmWorkerSource for the script a spawner runs).
// NOTE: the caller blocks in Atomics.wait until the worker's half is done: that is allowed in Node and
// in Web Workers, not on a browser's main thread, so threads belong in a worker there. Neither side
// spins: on a shared 2-core machine a spinning waiter takes the core the other half needs (a spinning
// version ran 3-100× slower while other processes loaded the cores), so each hand-off pays a futex wake.

import type { StridedGemm } from './instantiate.js';

/** A started worker: the first message it receives is the init object for gemmWorkerMain. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** Start a worker running `source`, a script that passes its first message to gemmWorkerMain. */
export type SpawnWorker = (mainSource: string) => WorkerHandle;

/** Int32 slots of the control block shared with the worker. */
const SEQ = 0; // job counter, bumped by the caller
const DONE = 1; // last job the worker finished
const ARGS = 2; // 12 gemm arguments
const READY = 14; // 1 once the worker instantiated the module
const STOP = 15; // 1 to end the worker
export const CONTROL_BYTES = 64;

export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** byte offset of this worker's GEMM scratch */
  readonly scratch: number;
  /** byte offset of the control block */
  readonly control: number;
}

/**
 * The worker's whole program. It must stay self-contained (it is shipped as source text): no imports,
 * no outer constants; the slot numbers are those above.
 */
export function gemmWorkerMain(init: WorkerInit): void {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const x = instance.exports as unknown as {
    setGemmScratch(ptr: number): void;
    gemm(...args: number[]): void;
  };
  x.setGemmScratch(init.scratch);
  const ctrl = new Int32Array(init.memory.buffer, init.control, 16);
  Atomics.store(ctrl, 14, 1); // READY
  Atomics.notify(ctrl, 14);
  let seen = Atomics.load(ctrl, 0);
  for (;;) {
    Atomics.wait(ctrl, 0, seen); // SEQ
    const seq = Atomics.load(ctrl, 0);
    if (Atomics.load(ctrl, 15) === 1) return; // STOP
    if (seq === seen) continue;
    x.gemm(
      ctrl[2]!,
      ctrl[3]!,
      ctrl[4]!,
      ctrl[5]!,
      ctrl[6]!,
      ctrl[7]!,
      ctrl[8]!,
      ctrl[9]!,
      ctrl[10]!,
      ctrl[11]!,
      ctrl[12]!,
      ctrl[13]!,
    );
    seen = seq;
    Atomics.store(ctrl, 1, seq); // DONE
    Atomics.notify(ctrl, 1);
  }
}

/** gemmWorkerMain as a function expression, for a spawner to call on the worker's first message. */
export const gemmWorkerSource = (): string => `(${gemmWorkerMain.toString()})`;

export interface GemmPool {
  /** Hand gemm(c, ldc, a, rsA, csA, b, rsB, csB, M, N, K, acc) to the worker and return at once. */
  start: StridedGemm;
  /** Block until the worker has finished the job given to start. */
  finish(): void;
  close(): void;
  readonly closed: boolean;
}

export async function startGemmPool(spawn: SpawnWorker, init: WorkerInit): Promise<GemmPool> {
  const ctrl = new Int32Array(init.memory.buffer, init.control, 16);
  ctrl.fill(0);
  const worker = spawn(gemmWorkerSource());
  worker.postMessage(init);
  const started = Date.now();
  while (Atomics.load(ctrl, READY) === 0) {
    if (Date.now() - started > 10_000) {
      worker.terminate();
      throw new Error('wasm threads: the GEMM worker did not start within 10 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  let seq = 0;
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    start(c, ldc, a, rsA, csA, b, rsB, csB, M, N, K, acc) {
      ctrl[ARGS] = c;
      ctrl[ARGS + 1] = ldc;
      ctrl[ARGS + 2] = a;
      ctrl[ARGS + 3] = rsA;
      ctrl[ARGS + 4] = csA;
      ctrl[ARGS + 5] = b;
      ctrl[ARGS + 6] = rsB;
      ctrl[ARGS + 7] = csB;
      ctrl[ARGS + 8] = M;
      ctrl[ARGS + 9] = N;
      ctrl[ARGS + 10] = K;
      ctrl[ARGS + 11] = acc;
      seq = (seq + 1) | 0;
      Atomics.store(ctrl, SEQ, seq);
      Atomics.notify(ctrl, SEQ);
    },
    finish() {
      for (let done = Atomics.load(ctrl, DONE); done !== seq; done = Atomics.load(ctrl, DONE)) {
        if (Atomics.wait(ctrl, DONE, done, 30_000) === 'timed-out') {
          throw new Error('wasm threads: the GEMM worker did not finish within 30 s');
        }
      }
    },
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctrl, STOP, 1);
      Atomics.store(ctrl, SEQ, (seq + 1) | 0);
      Atomics.notify(ctrl, SEQ);
      worker.terminate();
    },
  };
}
