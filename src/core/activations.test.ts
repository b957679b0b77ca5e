import { describe, expect, it } from 'vitest';
import { parseActivation } from './activations.js';

function apply(spec: string, zs: number[]) {
  const f = parseActivation(spec);
  const z = Float64Array.from(zs);
  const a = new Float64Array(zs.length);
  const d = new Float64Array(zs.length);
  f.forward(a, z, zs.length);
  f.derivative(d, z, a, zs.length);
  return { a: [...a], d: [...d], f };
}

describe('activations match their definitions at hand-computed points', () => {
  it('sigmoid: σ(0) = 0.5, σ′(0) = 0.25 is the notes’ maximum, and large |z| neither overflows nor NaNs', () => {
    const { a, d, f } = apply('sigmoid', [0, 800, -800, 2]);
    expect(a).toEqual([0.5, 1, 0, 1 / (1 + Math.exp(-2))]);
    expect(d[0]).toBe(0.25);
    expect(d[1]).toBe(0);
    expect(f.maxDerivative).toBe(0.25);
  });

  it('tanh and its derivative 1 − tanh²', () => {
    const { a, d } = apply('tanh', [0.5]);
    expect(a[0]).toBeCloseTo(0.46211715726000974, 15);
    expect(d[0]).toBeCloseTo(1 - 0.46211715726000974 ** 2, 15);
  });

  it('relu passes z > 0 with slope 1 and takes derivative 0 at exactly 0 (PyTorch)', () => {
    expect(apply('relu', [-1, 0, 2])).toMatchObject({ a: [0, 0, 2], d: [0, 0, 1] });
  });

  it('leaky-relu defaults to slope 0.01 and accepts leaky-relu:<a>', () => {
    expect(apply('leaky-relu', [-2, 3])).toMatchObject({ a: [-0.02, 3], d: [0.01, 1] });
    expect(apply('leaky-relu:0.2', [-2])).toMatchObject({ a: [-0.4], d: [0.2] });
  });

  it('elu: α(eᶻ − 1) below 0 with derivative a + α', () => {
    const { a, d } = apply('elu', [-1, 1]);
    expect(a[0]).toBeCloseTo(Math.exp(-1) - 1, 15);
    expect(d[0]).toBeCloseTo(Math.exp(-1), 15);
    expect(a[1]).toBe(1);
  });

  it('gelu uses the tanh approximation: gelu(1) = 0.8411919906 (PyTorch approximate="tanh")', () => {
    const { a, f } = apply('gelu', [1, 0]);
    expect(a[0]).toBeCloseTo(0.8411919906082768, 12);
    expect(a[1]).toBe(0);
    expect(f.maxDerivative).toBeGreaterThan(1.12);
    expect(f.maxDerivative).toBeLessThan(1.13);
  });

  it.each(['swish', 'relu:2', 'leaky-relu:x', 'leaky-relu:'])(
    'rejects %s naming the argument: its own by default, --activation when the settings pass it',
    (spec) => {
      expect(() => parseActivation(spec)).toThrow(/^parseActivation: spec: expected/);
      expect(() => parseActivation(spec, '--activation')).toThrow(/^--activation: expected/);
    },
  );
});
