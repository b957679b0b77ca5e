// The batch gather on the WASM module (assembly/rows.ts: gatherRows): a data set's float64 rows are copied
// into the module's memory once, on first use (when they take at most a quarter of the free arena), then
// each batch's rows are gathered and rounded to float32 in one call. A data set that does not fit, or a
// destination outside the memory, takes the plain loop.
// reference: src/core/kernels/reference.ts (gatherRows).
// NOTE: the copy is keyed by the data set's x array: data sets are never written after loading.

import { UsageError } from '../../errors.js';
import type { Vec } from '../../tensor.js';
import { gatherRows as plainGather } from '../reference.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

export type GatherRows = (dst: Vec, src: Float64Array, idx: ArrayLike<number>, b: number, D: number) => void;

/** Byte offset of a resident copy of a data set's array (made on first use), or −1 where it did not fit. */
export type Resident = (src: Float64Array) => number;

export function createResident(arena: Arena, buffer: ArrayBufferLike): Resident {
  // byte offset of each data set's copy, or -1 where it did not fit
  const copies = new WeakMap<Float64Array, number>();
  return (src) => {
    let at = copies.get(src);
    if (at === undefined) {
      // NOTE: at most a quarter of what is left, so later models and probes still find room
      const bytes = src.length * 8;
      at = bytes <= (arena.size - arena.used()) / 4 ? arena.take(bytes) : -1;
      if (at >= 0) new Float64Array(buffer, at, src.length).set(src);
      copies.set(src, at);
    }
    return at;
  };
}

export function createWasmGather(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
  placed: Resident,
): GatherRows {
  let staged: Uint32Array = new Uint32Array(0); // the batch's indices, inside the memory
  return (dst, src, idx, b, D) => {
    const at = owns(dst) && dst.length >= b * D ? placed(src) : -1;
    if (at >= 0 && b > staged.length) {
      const idxAt = arena.take(b * 4);
      if (idxAt >= 0) staged = new Uint32Array(buffer, idxAt, b);
    }
    if (at < 0 || b > staged.length) return plainGather(dst, src, idx, b, D);
    // NOTE: the kernel reads raw memory, so an index past the data set would read its neighbour: check
    const rows = src.length / D;
    for (let r = 0; r < b; r++) {
      const i = idx[r]!;
      if (!(i < rows)) throw new UsageError('wasm.gatherRows: idx', `indices below ${rows}`, i);
      staged[r] = i;
    }
    wasm.gatherRows(dst.byteOffset, at, staged.byteOffset, b, D);
  };
}
