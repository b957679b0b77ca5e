// Buffers from the WASM kernels' alloc: inside the module memory, zeroed, never detached.

import { describe, expect, it } from 'vitest';
import { createWasmKernels } from './index.js';

describe('createWasmKernels alloc', () => {
  it('returns zeroed float32 views inside the WASM memory, each aligned to a cache line', async () => {
    const wk = await createWasmKernels({ memoryBytes: 1 << 20 });
    const a = wk.alloc('float32', 3);
    const b = wk.alloc('float32', 5);
    expect(wk.owns(a) && wk.owns(b)).toBe(true);
    expect(a.buffer).toBe(wk.memory.buffer);
    expect(b.byteOffset % 64).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 12);
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0]);
  });

  it('never grows the memory, so views handed out stay attached after the reserve runs out', async () => {
    const wk = await createWasmKernels({ memoryBytes: 1 << 20 });
    const first = wk.alloc('float32', 16);
    first[0] = 42;
    expect(() => wk.memory.grow(1)).toThrow();
    const big = wk.alloc('float32', 1 << 20); // 4 MiB: more than the reserve
    expect(wk.owns(big)).toBe(false);
    expect(big.length).toBe(1 << 20);
    expect(first.length).toBe(16);
    expect(first[0]).toBe(42);
  });

  it('hands out float64 buffers as ordinary arrays', async () => {
    const wk = await createWasmKernels({ memoryBytes: 1 << 20 });
    const v = wk.alloc('float64', 4);
    expect(v).toBeInstanceOf(Float64Array);
    expect(wk.owns(v)).toBe(false);
  });

  it('rejects a non-positive memory reserve, naming the option', async () => {
    await expect(createWasmKernels({ memoryBytes: 0 })).rejects.toThrow('memoryBytes');
  });
});
