// Which kernel set a run uses, decided in one place for every caller (CLI, lab worker, experiments,
// benchmarks): the WASM SIMD kernels for float32 where WebAssembly runs, the plain reference kernels for
// float64 (the WASM module is float32 only) or when asked. Each set carries its instrument twins (`stats`).

import type { DType } from '../tensor.js';
import { referenceKernels } from './reference.js';
import type { Kernels } from './types.js';
import { createWasmKernels, type WasmThreadsOptions, wasmKernelMaker } from './wasm/kernels.js';

/** auto: WASM if it instantiates, else reference; wasm: WASM or an error; reference: plain TS. */
export type KernelChoice = 'auto' | 'wasm' | 'reference';

export interface SelectKernelsOptions {
  readonly dtype: DType;
  readonly prefer?: KernelChoice;
  /** the WASM arena, reserved up front (default 128 MiB); a run that outgrows it falls back to JS arrays */
  readonly memoryBytes?: number;
  readonly threads?: WasmThreadsOptions;
}

// NOTE: the default WASM set is shared within a process: its arena only grows, and a run's buffers stay
// valid while later runs allocate after them. Callers that want an arena of their own pass memoryBytes.
let shared: Promise<Kernels> | null = null;

export async function selectKernels(opts: SelectKernelsOptions): Promise<Kernels> {
  const prefer = opts.prefer ?? 'auto';
  if (opts.dtype === 'float64' || prefer === 'reference') return referenceKernels;
  const own = opts.memoryBytes !== undefined || opts.threads !== undefined;
  const make = (): Promise<Kernels> =>
    createWasmKernels({
      ...(opts.memoryBytes !== undefined ? { memoryBytes: opts.memoryBytes } : {}),
      ...(opts.threads ? { threads: opts.threads } : {}),
    });
  if (!own && !shared) shared = make();
  const wasm = own ? make() : shared!;
  if (prefer === 'wasm') return wasm;
  try {
    return await wasm;
  } catch {
    if (!own) shared = null;
    return referenceKernels;
  }
}

/** Kernels for one run of many, made synchronously: each call a set of its own (see selectKernelsPerRun). */
export type KernelsPerRun = (dtype: DType) => Kernels;

/**
 * The same choice as selectKernels, made once for many runs (a sweep's trials): each call then returns a
 * fresh one-thread WASM set, its arena empty, for float32, and the reference for float64 or when asked.
 * A fresh arena per run, not one shared set: a trial then computes what `gradscope train` computes for
 * the same settings, bit for bit, and its buffers go with it instead of filling an arena that never frees.
 */
export async function selectKernelsPerRun(prefer: KernelChoice = 'auto'): Promise<KernelsPerRun> {
  if (prefer === 'reference') return () => referenceKernels;
  let make: () => Kernels;
  try {
    make = await wasmKernelMaker();
  } catch (err) {
    if (prefer === 'wasm') throw err;
    return () => referenceKernels;
  }
  return (dtype) => (dtype === 'float64' ? referenceKernels : make());
}
