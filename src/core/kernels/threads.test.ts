// --threads: what `auto` resolves to (the cores and the step's largest product against the split size),
// and the setting's validation through resolveConfig.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { resolveConfig } from '../settings/index.js';
import { GEMM_SPLIT_MIN_FLOPS, largestStepProduct, resolveThreads } from './threads.js';

const W1 = { widths: [2, 8, 8, 1], batch: 10 };
const W2 = { widths: [784, 256, 256, 10], batch: 128 };
const W3 = { widths: [32, ...Array.from({ length: 20 }, () => 32), 1], batch: 64 };

describe('resolveThreads', () => {
  it("largestStepProduct is 2·B·I·O of the widest layer (W2's first: 2·128·784·256)", () => {
    expect(largestStepProduct(W2.widths, W2.batch)).toBe(51_380_224);
    expect(largestStepProduct(W3.widths, W3.batch)).toBe(2 * 64 * 32 * 32);
    expect(largestStepProduct([5], 10)).toBe(0);
  });

  it('auto is 2 on a 2-core machine for W2, whose hidden products reach the split size', () => {
    expect(resolveThreads('auto', { cores: 2, ...W2 })).toBe(2);
    expect(resolveThreads('auto', { cores: 8, ...W2 })).toBe(2);
  });

  it('auto is 1 on one core, and for W1 and W3, where no product reaches 2²⁵ flops', () => {
    expect(resolveThreads('auto', { cores: 1, ...W2 })).toBe(1);
    expect(resolveThreads('auto', { cores: 2, ...W1 })).toBe(1);
    expect(resolveThreads('auto', { cores: 2, ...W3 })).toBe(1);
  });

  it('auto switches at exactly one product of GEMM_SPLIT_MIN_FLOPS', () => {
    // 2·B·I·O = 2²⁵ with B = 128, I = 256, O = 512
    expect(2 * 128 * 256 * 512).toBe(GEMM_SPLIT_MIN_FLOPS);
    expect(resolveThreads('auto', { cores: 2, widths: [256, 512], batch: 128 })).toBe(2);
    expect(resolveThreads('auto', { cores: 2, widths: [256, 512], batch: 127 })).toBe(1);
  });

  it('an explicit count is kept, whatever the machine and the net', () => {
    expect(resolveThreads(1, { cores: 8, ...W2 })).toBe(1);
    expect(resolveThreads(2, { cores: 1, ...W1 })).toBe(2);
  });
});

describe('the threads setting', () => {
  it('defaults to 1 and takes 1, 2 and auto', () => {
    expect(resolveConfig({}).threads).toBe(1);
    expect(resolveConfig({ threads: '2' }).threads).toBe(2);
    expect(resolveConfig({ threads: 'auto' }).threads).toBe('auto');
  });

  it('refuses 0, 3, 1.5 and words other than auto, naming the flag, what it takes and the value', () => {
    for (const bad of ['0', '3', '1.5', 'two', '-1']) {
      expect(() => resolveConfig({ threads: bad }), bad).toThrow(UsageError);
      expect(() => resolveConfig({ threads: bad }), bad).toThrow(
        `threads: expected auto or an integer ≥ 1 and ≤ 2, got "${bad}"`,
      );
    }
  });
});
