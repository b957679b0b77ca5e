import { describe, expect, it } from 'vitest';
import { adjointGap, dot, float64Ctx, randomVec } from '../../../test/helpers/layercheck.js';
import { createRng } from '../rng.js';
import { createDropoutLayer } from './dropout.js';

describe('inverted dropout', () => {
  const ones = (n: number): Float64Array => new Float64Array(n).fill(1);

  it('draws the same mask from the same seed and a different one from another seed', () => {
    const masks = [5, 5, 6].map((seed) => {
      const d = createDropoutLayer(float64Ctx(8), 0.5, 16, createRng(seed));
      d.forward(ones(8 * 16), 8, 'train');
      return Array.from(d.mask);
    });
    expect(masks[1]).toEqual(masks[0]);
    expect(masks[2]).not.toEqual(masks[0]);
  });

  it('zeroes a fraction ≈ p and scales survivors by 1/(1 − p), preserving the expected value', () => {
    const p = 0.3;
    const n = 200_000;
    const d = createDropoutLayer(float64Ctx(1), p, n, createRng(9));
    const y = d.forward(ones(n), 1, 'train');
    let zeros = 0;
    let other = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] === 0) zeros++;
      else if (y[i] !== 1 / (1 - p)) other++;
      sum += y[i]!;
    }
    expect(other).toBe(0);
    // binomial standard error √(p(1 − p)/n) ≈ 0.001; allow 5 of them
    expect(Math.abs(zeros / n - p)).toBeLessThan(0.005);
    expect(Math.abs(sum / n - 1)).toBeLessThan(0.005 / (1 - p));
  });

  it('is the identity in eval mode: forward returns the input buffer, backward returns dy', () => {
    const d = createDropoutLayer(float64Ctx(2), 0.5, 3, createRng(1));
    const x = randomVec(6, createRng(2));
    expect(d.forward(x, 2, 'eval')).toBe(x);
    const dy = randomVec(6, createRng(3));
    expect(d.backward(dy, 2, true)).toBe(dy);
    expect(d.jvp(dy, 2)).toBe(dy);
  });

  it('backward, jvp and vjp multiply by the same mask/(1 − p) as the train-mode forward', () => {
    const B = 4;
    const N = 6;
    const d = createDropoutLayer(float64Ctx(B), 0.4, N, createRng(4));
    const x = randomVec(B * N, createRng(5));
    const y = Float64Array.from(d.forward(x, B, 'train').subarray(0, B * N));
    const g = randomVec(B * N, createRng(6));
    const dx = Float64Array.from(d.backward(g, B, true)!.subarray(0, B * N));
    for (let i = 0; i < B * N; i++) {
      expect(y[i]).toBe(x[i]! * d.mask[i]!);
      expect(dx[i]).toBe(g[i]! * d.mask[i]!);
    }
    // the layer is linear in x for a fixed mask, so ⟨g, y⟩ = ⟨dx, x⟩ exactly checks backward
    expect(dot(g, y)).toBeCloseTo(dot(dx, x), 12);
    expect(adjointGap(d, B, g, randomVec(B * N, createRng(7)))).toBeLessThan(1e-12);
  });
});
