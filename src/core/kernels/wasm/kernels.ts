// Kernels backed by the WebAssembly SIMD module. float32 buffers from `alloc` live inside the module's
// memory, so calls pass byte offsets and copy nothing. Anything else still works: a float32 array
// outside the memory is copied through a reusable staging area, and float64 goes to the reference.

import { UsageError } from '../../errors.js';
import type { DType, Vec } from '../../tensor.js';
import type { FusedKernels } from '../fused.js';
import { plainBufferStats } from '../plain-stats.js';
import { referenceKernels as reference } from '../reference.js';
import { GEMM_SPLIT_MIN_FLOPS } from '../threads.js';
import type { Kernels } from '../types.js';
import type { UpdateKernels } from '../update.js';
import { type Arena, createArena } from './arena.js';
import { createElementwise, type Elementwise } from './elementwise.js';
import { createWasmFused } from './fused.js';
import { createResident, createWasmGather } from './gather.js';
import {
  type GemmForm,
  instantiateKernels,
  instantiateKernelsSync,
  type KernelExports,
  reserveMemory,
  singleThreadModule,
} from './instantiate.js';
import { createWasmGramLanczos } from './lanczos.js';
import { createWasmLoss } from './loss.js';
import { createWasmShuffle } from './shuffle.js';
import { createStaging } from './staging.js';
import { type BufferStats, createBufferStats } from './stats.js';
import { CONTROL_BYTES, type GemmPool, type SpawnWorker, startGemmPool } from './threads.js';
import { createWasmUpdate } from './update.js';

export interface WasmThreadsOptions {
  /** starts the worker (see threads.ts: gemmWorkerSource) */
  readonly spawn: SpawnWorker;
  /** products of fewer flops (2·M·N·K) stay on one thread (default GEMM_SPLIT_MIN_FLOPS, 2²⁵) */
  readonly minFlops?: number;
}

export interface WasmKernelsOptions {
  /** Bytes reserved up front for every buffer `alloc` hands out (default 128 MiB). Never grows. */
  readonly memoryBytes?: number;
  /** Run large GEMMs on two threads over a shared memory (needs SharedArrayBuffer and Atomics.wait). */
  readonly threads?: WasmThreadsOptions;
}

export interface WasmKernels extends Kernels, Elementwise {
  // restated so they stay required here even where Kernels declares them optional
  activation: Elementwise['activation'];
  mul: Elementwise['mul'];
  sumSquares: Elementwise['sumSquares'];
  readonly update: UpdateKernels;
  readonly fused: FusedKernels;
  gatherRows: NonNullable<Kernels['gatherRows']>;
  shuffleIndices: NonNullable<Kernels['shuffleIndices']>;
  lossTwin: NonNullable<Kernels['lossTwin']>;
  gramLanczos: NonNullable<Kernels['gramLanczos']>;
  readonly memory: WebAssembly.Memory;
  /** Whether `v` lives inside the module's memory (the zero-copy path). */
  owns(v: Vec): v is Float32Array;
  /** Bytes of the reserve used so far; past the reserve, `alloc` returns ordinary arrays. */
  bytesUsed(): number;
  /** WASM twins of the instruments' reductions (src/core/kernels/plain-stats.ts), same contract. */
  bufferStats(plain: BufferStats): BufferStats;
  /** 1, or 2 with a GEMM worker */
  readonly threads: number;
  /** how many GEMM halves the worker has been handed so far (0 on one thread) */
  handOffs(): number;
  /** stop the worker thread, if any (the kernels keep working on one thread) */
  close(): void;
}

const DEFAULT_MEMORY_BYTES = 128 * 1024 * 1024;

export async function createWasmKernels(opts: WasmKernelsOptions = {}): Promise<WasmKernels> {
  const memoryBytes = opts.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  checkOptions(memoryBytes, opts);
  const memory = reserveMemory(memoryBytes, opts.threads !== undefined);
  const loaded = await instantiateKernels(memory);
  const { wasm, arena } = prepare(memory, loaded.exports, memoryBytes);
  const startPool = (t: WasmThreadsOptions): Promise<GemmPool> => {
    const workerScratch = arena.take(wasm.gemmScratchBytes());
    const control = arena.take(CONTROL_BYTES);
    if (workerScratch < 0 || control < 0)
      throw new UsageError('createWasmKernels: memoryBytes', 'room for two GEMM scratch areas', memoryBytes);
    const init = { module: loaded.module, memory, scratch: workerScratch, control };
    return startGemmPool(t.spawn, init, wasm, t.minFlops ?? GEMM_SPLIT_MIN_FLOPS);
  };
  const pool = opts.threads ? await startPool(opts.threads) : null;
  return assemble(memory, wasm, arena, pool);
}

/**
 * Compile (once) and return a maker of one-thread WASM kernel sets, made synchronously, for runs that
 * follow one another (a sweep's trials). All of them use one memory, reserved here: each call zeroes the
 * bytes the set before it used and instantiates the module over it afresh, so every set starts from the
 * state a new memory has, the one `gradscope train` starts from, and a trial's numbers are train's, bit
 * for bit. (A new 128 MiB memory per trial costs V8 a GC of its own each time: measured, 25 ms a trial.)
 * NOTE: each call voids the set it returned before and every buffer taken from it.
 */
export async function wasmKernelMaker(
  opts: { readonly memoryBytes?: number } = {},
): Promise<() => WasmKernels> {
  const memoryBytes = opts.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  checkOptions(memoryBytes, {});
  const module = await singleThreadModule();
  const memory = reserveMemory(memoryBytes);
  let used = 0;
  let last: WasmKernels | null = null;
  return () => {
    if (last) used = last.bytesUsed();
    new Uint8Array(memory.buffer, 0, used).fill(0);
    const { wasm, arena } = prepare(memory, instantiateKernelsSync(module, memory).exports, memoryBytes);
    last = assemble(memory, wasm, arena, null);
    return last;
  };
}

function checkOptions(memoryBytes: number, opts: WasmKernelsOptions): void {
  if (!(memoryBytes > 0))
    throw new UsageError('createWasmKernels: memoryBytes', 'a positive number', memoryBytes);
  if (opts.threads && typeof SharedArrayBuffer === 'undefined')
    throw new UsageError(
      'createWasmKernels: threads',
      'SharedArrayBuffer (Node, or a cross-origin isolated page)',
      'no SharedArrayBuffer here',
    );
}

/** The arena over the memory, the GEMM scratch taken first. */
function prepare(memory: WebAssembly.Memory, wasm: KernelExports, memoryBytes: number) {
  const arena = createArena(memory.buffer.byteLength, wasm.heapBase());
  const scratch = arena.take(wasm.gemmScratchBytes());
  if (scratch < 0)
    throw new UsageError('createWasmKernels: memoryBytes', 'room for the GEMM scratch', memoryBytes);
  wasm.setGemmScratch(scratch);
  return { wasm, arena };
}

function assemble(
  memory: WebAssembly.Memory,
  wasm: KernelExports,
  arena: Arena,
  pool: GemmPool | null,
): WasmKernels {
  const buffer = memory.buffer;
  // the module splits large products itself once a pool is set (assembly/threads.ts)
  // NOTE: one call site per form, not wasm[form](…): a keyed load and a call target that V8 can keep
  // monomorphic (this runs several times per training step)
  const run = (
    form: GemmForm,
    pc: number,
    pa: number,
    pb: number,
    M: number,
    N: number,
    K: number,
    acc: number,
  ) => {
    if (form === 'gemmNT') wasm.gemmNT(pc, pa, pb, M, N, K, acc);
    else if (form === 'gemmTN') wasm.gemmTN(pc, pa, pb, M, N, K, acc);
    else wasm.gemmNN(pc, pa, pb, M, N, K, acc);
  };
  const stageA = createStaging(buffer, arena);
  const stageB = createStaging(buffer, arena);
  const stageC = createStaging(buffer, arena);

  // NOTE: the typed-array `.buffer` getter costs ~15 ns in V8, a WeakSet lookup ~4 ns; per small step
  // that is most of the call overhead, so views seen once inside the memory are remembered.
  const inside = new WeakSet<Float32Array>();
  const owns = (v: Vec): v is Float32Array => {
    if (inside.has(v as Float32Array)) return true;
    if (!(v instanceof Float32Array && v.buffer === buffer)) return false;
    inside.add(v);
    return true;
  };

  // Byte offset of v's first n floats inside the memory, staging a copy if v lives elsewhere; -1 if
  // v is float64 or the staging area cannot be reserved (then the caller uses the reference).
  function place(v: Vec, n: number, stage: ReturnType<typeof createStaging>, copyIn: boolean): number {
    if (owns(v)) return v.byteOffset;
    if (!(v instanceof Float32Array)) return -1;
    return stage.load(v, n, copyIn);
  }

  function gemm(op: GemmForm, c: Vec, a: Vec, b: Vec, M: number, N: number, K: number, acc: boolean): void {
    need(op, 'c', c, M * N);
    need(op, 'a', a, M * K);
    need(op, 'b', b, K * N);
    if (owns(a) && owns(b) && owns(c)) {
      run(op, c.byteOffset, a.byteOffset, b.byteOffset, M, N, K, acc ? 1 : 0); // the zero-copy path
      return;
    }
    const pa = place(a, M * K, stageA, true);
    const pb = pa < 0 ? -1 : place(b, K * N, stageB, true);
    const pc = pb < 0 ? -1 : place(c, M * N, stageC, acc);
    if (pc < 0) {
      reference[op](c, a, b, M, N, K, acc);
      return;
    }
    run(op, pc, pa, pb, M, N, K, acc ? 1 : 0);
    if (!owns(c) && c instanceof Float32Array) stageC.store(c, M * N);
  }

  const bufferStats = createBufferStats(wasm, owns, arena, buffer);
  const update = createWasmUpdate(wasm, owns, arena, buffer);
  const resident = createResident(arena, buffer);
  const threads = (): number => wasm.gemmThreads();
  return {
    ...createElementwise(wasm, owns),
    name: pool ? 'wasm-simd-2t' : 'wasm-simd',
    get threads() {
      return threads();
    },
    close() {
      pool?.close();
    },
    handOffs: () => wasm.gemmHandOffs(),
    memory,
    owns,
    bytesUsed: () => arena.used(),
    bufferStats,
    stats: bufferStats(plainBufferStats),
    update,
    gatherRows: createWasmGather(wasm, owns, arena, buffer, resident),
    shuffleIndices: createWasmShuffle(wasm, arena, buffer),
    fused: createWasmFused(wasm, owns, arena, buffer, { update, resident }),
    lossTwin: createWasmLoss(wasm, owns, arena, buffer),
    gramLanczos: createWasmGramLanczos(wasm, owns, arena, buffer),
    alloc(dtype: DType, n: number): Vec {
      if (dtype === 'float64') return new Float64Array(n);
      const at = arena.take(n * 4);
      return at < 0 ? new Float32Array(n) : new Float32Array(buffer, at, n);
    },
    gemmNT: (c, a, b, M, N, K, acc) => gemm('gemmNT', c, a, b, M, N, K, acc),
    gemmTN: (c, a, b, M, N, K, acc) => gemm('gemmTN', c, a, b, M, N, K, acc),
    gemmNN: (c, a, b, M, N, K, acc) => gemm('gemmNN', c, a, b, M, N, K, acc),
    addRowVector(out, bias, M, N) {
      if (owns(out) && owns(bias)) {
        need('addRowVector', 'out', out, M * N);
        need('addRowVector', 'bias', bias, N);
        wasm.addRowVector(out.byteOffset, bias.byteOffset, M, N);
      } else reference.addRowVector(out, bias, M, N);
    },
    sumRows(out, a, M, N, acc) {
      if (owns(out) && owns(a)) {
        need('sumRows', 'out', out, N);
        need('sumRows', 'a', a, M * N);
        wasm.sumRows(out.byteOffset, a.byteOffset, M, N, acc ? 1 : 0);
      } else reference.sumRows(out, a, M, N, acc);
    },
  };
}

// NOTE: the WASM kernels write through raw offsets, so a too-short view would silently overwrite its
// neighbour in the arena instead of being clipped like a typed-array write; check lengths first.
function need(op: string, arg: string, v: Vec, n: number): void {
  if (v.length < n) throw new UsageError(`wasm.${op}: ${arg}`, `at least ${n} elements`, v.length);
}
