// Load the WebAssembly SIMD kernel module from the bytes embedded at build time (no fs, no fetch), so
// the same code runs in Node, in a browser Web Worker and in tests.

import { kernelsSharedWasmBase64, kernelsWasmBase64 } from './generated/module.js';
import { hostSync } from './threads.js';

/** gemm on any block of any form: C row stride ldc, op(A)(i,k) = A[i*rsA + k*csA], op(B)(k,j) = B[k*rsB + j*csB]. */
export type StridedGemm = (
  c: number,
  ldc: number,
  a: number,
  rsA: number,
  csA: number,
  b: number,
  rsB: number,
  csB: number,
  M: number,
  N: number,
  K: number,
  acc: number,
) => void;

/** The three GEMM forms a Dense layer needs (assembly/gemm.ts). */
export type GemmForm = 'gemmNT' | 'gemmTN' | 'gemmNN';

/** The module's exports (assembly/index.ts); every pointer is a byte offset into `memory`. */
export interface KernelExports {
  heapBase(): number;
  gemmScratchBytes(): number;
  setGemmScratch(ptr: number): void;
  gemmNT(c: number, a: number, b: number, M: number, N: number, K: number, acc: number): void;
  gemmTN(c: number, a: number, b: number, M: number, N: number, K: number, acc: number): void;
  gemmNN(c: number, a: number, b: number, M: number, N: number, K: number, acc: number): void;
  gemm: StridedGemm;
  /** hand the second half of products of ≥ minFlops to the worker at control (0: one thread) */
  setGemmThreads(control: number, minFlops: number): void;
  /** 2 while a worker takes halves, else 1 */
  gemmThreads(): number;
  /** halves handed to a worker so far */
  gemmHandOffs(): number;
  addRowVector(out: number, bias: number, M: number, N: number): void;
  sumRows(out: number, a: number, M: number, N: number, acc: number): void;
  gatherRows(dst: number, src: number, idx: number, b: number, D: number): void;
  shuffleU32(order: number, n: number, state: number): void;
  gramLanczosStart(
    fp: number,
    q0: number,
    B: number,
    O: number,
    scale: number,
    dh: number,
    q: number,
    prev: number,
    x: number,
    sigma: number,
    done: number,
  ): void;
  gramLanczosStep(
    y: number,
    dh: number,
    q: number,
    prev: number,
    x: number,
    alpha: number,
    beta: number,
    sigma: number,
    done: number,
    B: number,
    O: number,
    k: number,
    K: number,
    tol: number,
    ritz: number,
  ): number;
  mseLoss(logits: number, targets: number, n: number, dLogits: number): number;
  bceLoss(logits: number, targets: number, n: number, dLogits: number): number;
  ceLoss(logits: number, targets: number, B: number, O: number, dLogits: number): number;
  reluForward(a: number, z: number, n: number): void;
  leakyForward(a: number, z: number, n: number, slope: number): void;
  leakyDerivative(d: number, z: number, n: number, slope: number): void;
  tanhForward(a: number, z: number, n: number): void;
  tanhDerivative(d: number, a: number, n: number): void;
  mul(out: number, x: number, y: number, n: number): void;
  /** the update named by the UPDATE_WORDS f64 words at `at` (update.ts's layout) */
  updateFromWords(at: number): void;
  denseTrainStep(plan: number): void;
  sum(v: number, n: number): number;
  sumSquaredDeviations(v: number, n: number, mean: number): number;
  deadColumns(z: number, B: number, N: number, alive: number): number;
  countBelow(d: number, n: number, limit: number): number;
  copySquares(dst: number, src: number, n: number): number;
  snapshotLayers(plan: number, L: number, squares: number): void;
  measureLayers(
    plan: number,
    L: number,
    cols: number,
    squares: number,
    alive: number,
    scratch: number,
    hasBefore: number,
    batch: number,
  ): void;
  denseSums(
    out: number,
    w: number,
    before: number,
    hasBefore: number,
    nW: number,
    dW: number,
    db: number,
    nB: number,
    dz: number,
    nDz: number,
  ): void;
  activationSums(
    out: number,
    z: number,
    a: number,
    d: number,
    B: number,
    N: number,
    kind: number,
    limit: number,
    alive: number,
  ): void;
}

const PAGE = 65536;

/** A memory of exactly `bytes` (rounded up to 64 KiB pages) that can never grow; shared for threads. */
export function reserveMemory(bytes: number, shared = false): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
}

export interface LoadedKernels {
  readonly exports: KernelExports;
  /** the compiled module, for worker threads to instantiate over the same (shared) memory */
  readonly module: WebAssembly.Module;
}

// each build compiled once: every kernel set (a sweep's trial, a Compare run) instantiates the same
// module over its own memory, so V8 compiles and optimizes its code once
const builds = new Map<boolean, Promise<WebAssembly.Module>>();

function compiled(shared: boolean): Promise<WebAssembly.Module> {
  let module = builds.get(shared);
  if (module === undefined) {
    module = WebAssembly.compile(decodeBase64(shared ? kernelsSharedWasmBase64 : kernelsWasmBase64));
    // a failed compile is not kept: the next call tries again
    module.catch(() => builds.delete(shared));
    builds.set(shared, module);
  }
  return module;
}

/** The one-thread build, compiled (once), to instantiate synchronously over fresh memories. */
export const singleThreadModule = (): Promise<WebAssembly.Module> => compiled(false);

/** Instantiate the one-thread build, compiled already, over a memory that is not shared: synchronous, so
 * that a run can get kernels of its own inside synchronous code (a sweep's trial). */
export function instantiateKernelsSync(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): LoadedKernels {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { exports: instance.exports as unknown as KernelExports, module };
}

/** Instantiate the build that matches the memory: the shared-memory build for a shared memory. */
export async function instantiateKernels(memory: WebAssembly.Memory): Promise<LoadedKernels> {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = await compiled(shared);
  const env = { memory };
  const instance = await WebAssembly.instantiate(
    module,
    shared ? { env, threads: hostSync(memory) } : { env },
  );
  return { exports: instance.exports as unknown as KernelExports, module };
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const text = atob(s);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
