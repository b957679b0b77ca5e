// Two-thread GEMM: the module splits each large product in two (assembly/threads.ts: gemmSplit) and a
// worker thread, with its own instance of the module on the same shared memory, runs the second half.
// Workers are started through an injected `spawn`, so this file stays free of Node and DOM APIs (see
// gemmWorkerSource for the script a spawner runs).
// NOTE: the caller blocks in Atomics.wait (called from the module) until the worker's half is done: that is allowed in Node
// and in Web Workers, not on a browser's main thread, so threads belong in a worker there. Neither side
// spins: on a shared 2-core machine a spinning waiter takes the core the other half needs (a spinning
// version ran 3-100× slower while other processes loaded the cores), so each hand-off pays a futex wake.

import type { KernelExports } from './instantiate.js';

/** A started worker: the first message it receives is the init object for gemmWorkerMain. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** Start a worker running `source`, a script that passes its first message to gemmWorkerMain. */
export type SpawnWorker = (mainSource: string) => WorkerHandle;

/** Int32 slots of the control block shared with the worker (assembly/threads.ts owns the layout). */
const SEQ = 0; // job counter, bumped by the caller
const READY = 14; // 1 once the worker is parked on SEQ
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
 * The worker's whole program: park on the job counter, run each job the module handed off (its 12 gemm
 * arguments), publish it as done. It must stay self-contained (it is shipped as source text): no imports,
 * no outer constants; the slot numbers are those above and assembly/threads.ts's.
 */
export function gemmWorkerMain(init: WorkerInit): void {
  // the worker never splits, so it never waits or wakes through these
  const threads = { gemmWait() {}, gemmWake() {} };
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory }, threads });
  const x = instance.exports as unknown as {
    setGemmScratch(ptr: number): void;
    gemm(...args: number[]): void;
  };
  x.setGemmScratch(init.scratch);
  const ctrl = new Int32Array(init.memory.buffer, init.control, 16);
  // NOTE: read the counter before announcing READY, so a job handed off right after is not missed
  let seen = Atomics.load(ctrl, 0); // SEQ
  Atomics.store(ctrl, 14, 1); // READY
  Atomics.notify(ctrl, 14);
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    if (Atomics.load(ctrl, 15) === 1) return; // STOP
    const seq = Atomics.load(ctrl, 0);
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

/** The calling thread's side of the hand-off, imported by the shared-memory build (assembly/threads.ts). */
export function hostSync(memory: WebAssembly.Memory): {
  gemmWait: HostWait;
  gemmWake: (ptr: number) => void;
} {
  const i32 = new Int32Array(memory.buffer);
  return {
    gemmWait(ptr, expected) {
      if (Atomics.wait(i32, ptr >> 2, expected, 30_000) === 'timed-out')
        throw new Error('wasm threads: the GEMM worker did not finish its half within 30 s');
    },
    gemmWake(ptr) {
      Atomics.notify(i32, ptr >> 2, 1);
    },
  };
}
type HostWait = (ptr: number, expected: number) => void;

/** gemmWorkerMain as a function expression, for a spawner to call on the worker's first message. */
export const gemmWorkerSource = (): string => `(${gemmWorkerMain.toString()})`;

export interface GemmPool {
  /** Stop the worker; the module runs every product on the calling thread from then on. */
  close(): void;
  readonly closed: boolean;
}

/**
 * Start the worker and tell the calling thread's module (`wasm`) to hand it the second half of every
 * product of at least `minFlops` (2·M·N·K).
 */
export async function startGemmPool(
  spawn: SpawnWorker,
  init: WorkerInit,
  wasm: KernelExports,
  minFlops: number,
): Promise<GemmPool> {
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
  wasm.setGemmThreads(init.control, minFlops);
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    close() {
      if (closed) return;
      closed = true;
      wasm.setGemmThreads(0, 0);
      Atomics.store(ctrl, STOP, 1);
      Atomics.add(ctrl, SEQ, 1);
      Atomics.notify(ctrl, SEQ);
      worker.terminate();
    },
  };
}
