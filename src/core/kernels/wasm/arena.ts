// A bump allocator over one fixed WebAssembly memory. It never grows the memory and never reuses a
// byte, so every view handed out stays attached and starts zeroed, like `new Float32Array(n)`.
// NOTE: growing a non-shared WebAssembly.Memory detaches every existing view of it; a model holds
// its views for its whole life, so the memory is reserved once (initial = maximum) instead.

export interface Arena {
  /** Byte offset of `bytes` fresh bytes aligned to 64 (one cache line), or -1 when the reserve is full. */
  take(bytes: number): number;
  /** Bytes handed out so far, alignment included. */
  used(): number;
  readonly size: number;
}

const ALIGN = 64;

export function createArena(size: number, start: number): Arena {
  let top = align(start);
  return {
    size,
    take(bytes: number): number {
      const at = top;
      const end = align(at + bytes);
      if (end > size) return -1;
      top = end;
      return at;
    },
    used: () => top,
  };
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
