import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { copyInto, copyNormalizedRows, gramTopEigenvalue, normalizeRows, spectralNorm } from './power.js';

describe('spectralNorm (power iteration on WᵀW)', () => {
  it('of a diagonal matrix is its largest |entry|, to 1e-6', () => {
    const diag = [0.5, -3, 2.9, 1, -0.25];
    const n = diag.length;
    const W = new Float64Array(n * n);
    diag.forEach((d, i) => {
      W[i * n + i] = d;
    });
    expect(Math.abs(spectralNorm(W, n, n, createRng(1)) - 3)).toBeLessThan(1e-6);
  });

  it('of a rectangular diagonal (5, 3) matrix is its largest |entry|, to 1e-6', () => {
    const W = new Float64Array(15);
    W[0] = 1.5;
    W[4] = -2.25;
    W[8] = 0.75;
    expect(Math.abs(spectralNorm(W, 5, 3, createRng(2)) - 2.25)).toBeLessThan(1e-6);
  });

  it('of a 256×256 Gaussian matrix with std 1/√n is within 5% of 2 (the Marchenko–Pastur edge)', () => {
    const n = 256;
    const rng = createRng(3);
    const W = Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
    const s = spectralNorm(W, n, n, createRng(4));
    expect(Math.abs(s - 2) / 2).toBeLessThan(0.05);
  });

  it('works on a float32 matrix and on the zero matrix', () => {
    const W = Float32Array.from([3, 0, 0, 4]);
    expect(spectralNorm(W, 2, 2, createRng(5))).toBeCloseTo(4, 6);
    expect(spectralNorm(new Float32Array(6), 2, 3, createRng(5))).toBe(0);
  });
});

describe('copyNormalizedRows', () => {
  it('gives exactly what copyInto then normalizeRows give, zero and non-finite rows included', () => {
    const rng = createRng(7);
    const src = Float32Array.from({ length: 5 * 7 }, () => rng.normal());
    src.fill(0, 7, 14);
    src[20] = Number.POSITIVE_INFINITY;
    const want = new Float32Array(src.length);
    const got = new Float32Array(src.length);
    const logWant = new Float64Array(5).fill(0.5);
    const logGot = new Float64Array(5).fill(0.5);
    copyInto(want, src, src.length);
    normalizeRows(want, 5, 7, logWant);
    copyNormalizedRows(got, src, 5, 7, logGot);
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(Array.from(logGot)).toEqual(Array.from(logWant));
  });
});

describe('normalizeRows', () => {
  it('scales each row to unit norm and adds the log of its norm; a zero row gives −∞', () => {
    const buf = Float64Array.from([3, 4, 0, 0, 1e-30, 0]);
    const log = new Float64Array(3).fill(1);
    normalizeRows(buf, 3, 2, log);
    expect(Array.from(buf)).toEqual([0.6, 0.8, 0, 0, 1, 0]);
    expect(log[0]).toBeCloseTo(1 + Math.log(5), 12);
    expect(log[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(log[2]).toBeCloseTo(1 + Math.log(1e-30), 12);
  });
});

/** Q Λ Qᵀ (S×S, float64) for a random orthogonal Q (Gram–Schmidt of a Gaussian matrix): its spectrum is Λ. */
function withSpectrum(lambda: readonly number[], seed: number): Float64Array {
  const S = lambda.length;
  const rng = createRng(seed);
  const Q = Array.from({ length: S }, () => Float64Array.from({ length: S }, () => rng.normal()));
  for (let a = 0; a < S; a++) {
    for (let b = 0; b < a; b++) {
      let d = 0;
      for (let i = 0; i < S; i++) d += Q[a]![i]! * Q[b]![i]!;
      for (let i = 0; i < S; i++) Q[a]![i] -= d * Q[b]![i]!;
    }
    const n = Math.hypot(...Q[a]!);
    for (let i = 0; i < S; i++) Q[a]![i] /= n;
  }
  const M = new Float64Array(S * S);
  for (let i = 0; i < S; i++)
    for (let j = 0; j < S; j++)
      for (let k = 0; k < S; k++) M[i * S + j] += Q[k]![i]! * lambda[k]! * Q[k]![j]!;
  return M;
}

describe('gramTopEigenvalue', () => {
  it.each([1, 2, 3, 8, 16, 30])(
    'gives the top of a known spectrum to 1e-12, the top two 1e-9 apart (S = %s)',
    (S) => {
      const rng = createRng(S);
      const lambda = Array.from({ length: S }, () => rng.next());
      lambda[S >> 1] = 3;
      if (S > 1) lambda[0] = 3 * (1 - 1e-9);
      const got = gramTopEigenvalue(withSpectrum(lambda, 10 + S), S, new Float64Array(2 * S));
      expect(Math.abs(got / 3 - 1)).toBeLessThan(1e-12);
    },
  );

  it('is exact on a repeated top eigenvalue, a rank-one matrix, the zero matrix and a scale of 1e±150', () => {
    const vec = new Float64Array(20);
    expect(gramTopEigenvalue(withSpectrum([2, 2, 2, 0.5, 0.1], 3), 5, vec) / 2 - 1).toBeCloseTo(0, 12);
    expect(gramTopEigenvalue(withSpectrum([0, 0, 4, 0], 4), 4, vec) / 4 - 1).toBeCloseTo(0, 12);
    expect(gramTopEigenvalue(new Float64Array(9), 3, vec)).toBe(0);
    for (const scale of [1e-150, 1e150]) {
      const M = withSpectrum([1, 0.9, 0.3, 0.2, 0.1, 0.05, 0.01, 0], 5).map((v) => v * scale);
      expect(gramTopEigenvalue(M, 8, vec) / scale - 1).toBeCloseTo(0, 12);
    }
  });
});
