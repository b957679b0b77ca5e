import { describe, expect, it } from 'vitest';
import { GAUSS_POINTS, gaussMean, gaussMean2, gaussRule } from './gauss.js';

/** E[g(z)] by a brute-force trapezoid sum over [−12, 12] with 200,001 points (an independent reference). */
function bruteForce(g: (z: number) => number): number {
  const n = 200_000;
  const a = -12;
  const h = 24 / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const z = a + i * h;
    const wt = i === 0 || i === n ? 0.5 : 1;
    s += wt * g(z) * Math.exp((-z * z) / 2);
  }
  return (s * h) / Math.sqrt(2 * Math.PI);
}

describe('Gauss–Hermite quadrature', () => {
  it('has probability weights summing to 1 and nodes symmetric about 0', () => {
    const { z, w } = gaussRule();
    expect(z.length).toBe(GAUSS_POINTS);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    const sorted = [...z].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i++)
      expect(sorted[i]! + sorted[sorted.length - 1 - i]!).toBeCloseTo(0, 12);
    expect(new Set(z).size).toBe(GAUSS_POINTS);
  });

  it('integrates the Gaussian moments E[z^2k] = (2k − 1)!! exactly up to degree 2n − 1', () => {
    const rule = gaussRule(10);
    let doubleFactorial = 1;
    for (let k = 1; k <= 9; k++) {
      doubleFactorial *= 2 * k - 1;
      expect(gaussMean((z) => z ** (2 * k), rule) / doubleFactorial).toBeCloseTo(1, 11);
    }
    expect(gaussMean((z) => z ** 7, rule)).toBeCloseTo(0, 12);
  });

  it.each([0.05, 1, 2.2, 4])(
    "matches a brute-force sum to 1e-8 for tanh moments at q = %s (tanh's q* < 2.2 for σ_w² ≤ 4)",
    (q) => {
      const s = Math.sqrt(q);
      const phi2 = (z: number) => Math.tanh(s * z) ** 2;
      const dphi2 = (z: number) => (1 - Math.tanh(s * z) ** 2) ** 2;
      expect(Math.abs(gaussMean(phi2) - bruteForce(phi2))).toBeLessThan(1e-8);
      expect(Math.abs(gaussMean(dphi2) - bruteForce(dphi2))).toBeLessThan(1e-8);
    },
  );

  it('takes two-dimensional means as a product rule: E[z1² z2²] = 1, E[cos z1 cos z2] = e^{−1}', () => {
    expect(gaussMean2((a, b) => a * a * b * b)).toBeCloseTo(1, 12);
    expect(gaussMean2((a, b) => Math.cos(a) * Math.cos(b))).toBeCloseTo(Math.exp(-1), 12);
  });
});
