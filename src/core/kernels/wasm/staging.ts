// A reusable region of WebAssembly memory for one operand that arrives from outside it (e.g. a data
// set's Float32Array fed straight into the first layer). It grows only when a larger operand arrives,
// by taking a new region from the arena, so steady-state steps copy but never allocate.

import type { Arena } from './arena.js';

export interface Staging {
  /** Byte offset of a region holding v's first n floats (copied when copyIn), or -1 if none fits. */
  load(v: Float32Array, n: number, copyIn: boolean): number;
  /** Copy the region's first n floats back to v. */
  store(v: Float32Array, n: number): void;
}

export function createStaging(buffer: ArrayBuffer, arena: Arena): Staging {
  const heap = new Float32Array(buffer);
  let at = -1; // byte offset of the region
  let capacity = 0; // floats
  return {
    load(v, n, copyIn) {
      if (n > capacity) {
        const next = arena.take(n * 4);
        if (next < 0) return -1;
        at = next;
        capacity = n;
      }
      if (copyIn) {
        const base = at >> 2;
        if (v.length === n) heap.set(v, base);
        else for (let i = 0; i < n; i++) heap[base + i] = v[i]!;
      }
      return at;
    },
    store(v, n) {
      const base = at >> 2;
      for (let i = 0; i < n; i++) v[i] = heap[base + i]!;
    },
  };
}
