// Two-thread GEMM inside the module: the calling thread hands one half of a large product to a worker
// thread (another instance of this module over the same shared memory, parked on the control block by
// the host), runs the other half, and waits for the worker's. Because the split happens here, every
// caller splits: the per-call kernels and the fused step (step.ts) alike, with no JS between the halves.
// Host side: src/core/kernels/wasm/threads.ts (starts the worker, runs its loop, supplies wait and wake).
// NOTE: halves are whole rows or whole columns of C, so each element's k-sum runs on one thread in the
// same KC slices as on one thread: the results are bit-identical to the unsplit product.
// NOTE: nobody spins while idle: on a shared 2-core machine a spinning waiter takes the core the other
// half needs (a spinning worker ran 3-100× slower under load), so each hand-off pays a futex wake.
// In the build without threads (private memory) every product runs on the calling thread.

import { gemm } from './gemm';

// byte offsets of the i32 slots of the control block (src/core/kernels/wasm/threads.ts mirrors them)
const SEQ: usize = 0; // job counter, bumped by the caller
const DONE: usize = 4; // last job the worker finished
const ARGS: usize = 8; // 12 gemm arguments
// slots 14 and 15 (READY, STOP) are the host's

// NOTE: the waits and wakes go through the host (Atomics.wait/notify): V8 11.3's baseline compiler
// (Liftoff, Node 20) loses a live address across memory.atomic.wait32, so a wait inside this module
// corrupted the stores after it. An imported call spills everything, and the host can time out with a
// clear error instead of a trap.
// (imported as threads.gemmWait and threads.gemmWake: AssemblyScript names the import after this file)
/** Block while the i32 at ptr holds `expected` (at most 30 s, then the host throws). */
declare function gemmWait(ptr: usize, expected: i32): void;
/** Wake one thread blocked on the i32 at ptr. */
declare function gemmWake(ptr: usize): void;

let control: usize = 0; // 0: no worker, every product on this thread
let minFlops: f64 = 0;
let seq: i32 = 0;
let handOffs: i32 = 0; // halves given to a worker since the module started (for tests and benchmarks)

/** Hand products of at least `min` flops (2·M·N·K) to the worker at `ctrl`; ctrl 0: one thread. */
export function setGemmThreads(ctrl: usize, min: f64): void {
  minFlops = min;
  if (ASC_FEATURE_THREADS) {
    control = ctrl;
    seq = ctrl === 0 ? 0 : atomic.load<i32>(ctrl + SEQ);
  }
}

/** 2 while a worker takes halves, else 1 */
export function gemmThreads(): i32 {
  return control === 0 ? 1 : 2;
}

/** How many halves this thread has handed to a worker so far. */
export function gemmHandOffs(): i32 {
  return handOffs;
}

/**
 * gemm (gemm.ts), with C cut in two along its longer side when the product is large enough: the worker
 * takes the second half. Cuts fall on a multiple of the micro-tile (8 columns or 4 rows), so neither half
 * gets a ragged edge it need not have.
 */
export function gemmSplit(
  c: usize,
  ldc: i32,
  a: usize,
  rsA: i32,
  csA: i32,
  b: usize,
  rsB: i32,
  csB: i32,
  M: i32,
  N: i32,
  K: i32,
  acc: bool,
): void {
  if (ASC_FEATURE_THREADS) {
    if (control !== 0 && 2 * <f64>M * <f64>N * <f64>K >= minFlops) {
      const N1 = ((N + 15) >> 4) << 3; // ⌈N/16⌉·8
      const M1 = ((M + 7) >> 3) << 2; // ⌈M/8⌉·4
      if (N >= M && N1 < N) {
        const cB = c + ((<usize>N1) << 2);
        handOff(cB, ldc, a, rsA, csA, b + ((<usize>(N1 * csB)) << 2), rsB, csB, M, N - N1, K, acc);
        gemm(c, ldc, a, rsA, csA, b, rsB, csB, M, N1, K, acc);
        join();
        return;
      }
      if (M1 < M) {
        const cB = c + ((<usize>(M1 * ldc)) << 2);
        handOff(cB, ldc, a + ((<usize>(M1 * rsA)) << 2), rsA, csA, b, rsB, csB, M - M1, N, K, acc);
        gemm(c, ldc, a, rsA, csA, b, rsB, csB, M1, N, K, acc);
        join();
        return;
      }
    }
  }
  gemm(c, ldc, a, rsA, csA, b, rsB, csB, M, N, K, acc); // one thread, or too small to cut at a tile boundary
}

function handOff(
  c: usize,
  ldc: i32,
  a: usize,
  rsA: i32,
  csA: i32,
  b: usize,
  rsB: i32,
  csB: i32,
  M: i32,
  N: i32,
  K: i32,
  acc: bool,
): void {
  const p = control + ARGS;
  store<i32>(p, <i32>c);
  store<i32>(p, ldc, 4);
  store<i32>(p, <i32>a, 8);
  store<i32>(p, rsA, 12);
  store<i32>(p, csA, 16);
  store<i32>(p, <i32>b, 20);
  store<i32>(p, rsB, 24);
  store<i32>(p, csB, 28);
  store<i32>(p, M, 32);
  store<i32>(p, N, 36);
  store<i32>(p, K, 40);
  store<i32>(p, acc ? 1 : 0, 44);
  seq += 1;
  handOffs += 1;
  // NOTE: the sequentially consistent store publishes the plain stores of the arguments above
  atomic.store<i32>(control + SEQ, seq);
  gemmWake(control + SEQ);
}

/** Wait until the worker has finished the last job handed off (its half of C is then written). */
function join(): void {
  for (let done = atomic.load<i32>(control + DONE); done !== seq; done = atomic.load<i32>(control + DONE))
    gemmWait(control + DONE, done);
}
