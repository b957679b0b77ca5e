import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { copyInto, copyNormalizedRows, normalizeRows, spectralNorm } from './power.js';

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
