import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { createRng, xoshiro128ss } from './rng.js';

const DRAWS = 100_000;

function draws(f: () => number, n = DRAWS): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

function meanVar(v: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { mean, variance: ss / (v.length - 1) };
}

/** Pearson χ² of observed counts against equal expected counts. */
function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe('xoshiro128ss', () => {
  it('matches the reference C implementation from state [1, 2, 3, 4]', () => {
    // Expected values computed with an independent big-integer transcription of xoshiro128starstar.c.
    const u = xoshiro128ss(1, 2, 3, 4);
    expect(draws(u, 6)).toEqual(new Float64Array([11520, 0, 5927040, 70819200, 2031721883, 1637235492]));
  });
});

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(draws(() => a.next(), 1000)).toEqual(draws(() => b.next(), 1000));
    expect(draws(() => a.normal(), 1000)).toEqual(draws(() => b.normal(), 1000));
  });

  it('gives different sequences for seeds differing only above bit 32 or in sign', () => {
    const seen = new Set([0, 1, 2 ** 32, 1 + 2 ** 32, -1].map((s) => createRng(s).uint32()));
    expect(seen.size).toBe(5);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRng(1.5)).toThrow(UsageError);
    expect(() => createRng(Number.NaN)).toThrow('createRng: seed: expected a safe integer, got NaN');
  });
});

describe('rng.next', () => {
  it('is uniform on [0, 1) with mean 1/2 and variance 1/12 over 1e5 draws', () => {
    const v = draws(createRng(1).next);
    const { mean, variance } = meanVar(v);
    // standard errors: 0.0009 for the mean, 0.0003 for the variance; tolerances are ~6σ
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.006);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
  });

  it('uses 53 random bits: every value is k/2^53 and the lowest bit is set about half the time', () => {
    const v = draws(createRng(2).next, 10_000);
    let odd = 0;
    for (const x of v) {
      const k = x * 2 ** 53;
      expect(Number.isInteger(k)).toBe(true);
      if (k % 2 === 1) odd++;
    }
    expect(odd / v.length).toBeGreaterThan(0.45);
    expect(odd / v.length).toBeLessThan(0.55);
  });
});

describe('rng.normal', () => {
  it('has mean 0 and variance 1 over 1e5 draws', () => {
    const { mean, variance } = meanVar(draws(createRng(3).normal));
    // standard errors: 0.0032 for the mean, 0.0045 for the variance
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it('puts about 68.3% of draws within one standard deviation', () => {
    const v = draws(createRng(4).normal);
    const inside = v.filter((x) => Math.abs(x) < 1).length / v.length;
    expect(Math.abs(inside - 0.6827)).toBeLessThan(0.01);
  });
});

describe('rng.int', () => {
  it('covers 0..n−1 uniformly (χ² with 9 degrees of freedom)', () => {
    const rng = createRng(5);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < DRAWS; i++) counts[rng.int(10)]!++;
    // P(χ²₉ > 40) < 1e-5
    expect(chiSquareUniform(counts)).toBeLessThan(40);
  });

  it('has no modulo bias for n close to 2^32', () => {
    // n = 3·2^30: plain `u % n` would put half of all draws in the lowest third.
    const rng = createRng(6);
    const n = 3 * 2 ** 30;
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[Math.floor(rng.int(n) / 2 ** 30)]!++;
    expect(chiSquareUniform(counts)).toBeLessThan(30);
  });

  it('returns 0 for n = 1 and rejects n that is not an integer in [1, 2^32]', () => {
    const rng = createRng(7);
    expect(rng.int(1)).toBe(0);
    expect(() => rng.int(0)).toThrow('rng.int: n: expected an integer in [1, 2^32], got 0');
    expect(() => rng.int(2.5)).toThrow(UsageError);
    expect(() => rng.int(2 ** 32 + 1)).toThrow(UsageError);
  });
});

describe('rng.shuffle', () => {
  it('permutes in place and returns the same array', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const out = createRng(8).shuffle(a);
    expect(out).toBe(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('shuffles typed arrays and makes every permutation of 3 equally likely', () => {
    const rng = createRng(9);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = rng.shuffle(new Uint8Array([0, 1, 2])).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquareUniform([...counts.values()])).toBeLessThan(30);
  });
});

describe('rng.fork', () => {
  it('derives the same child for the same seed and label, without advancing the parent', () => {
    const a = createRng(10);
    const b = createRng(10);
    const childA = a.fork('init');
    expect(a.next()).toBe(b.next());
    expect(draws(childA.next, 100)).toEqual(draws(createRng(10).fork('init').next, 100));
  });

  it('gives streams that differ between labels, from the parent, and between parent seeds', () => {
    const parent = createRng(11);
    const streams = [
      createRng(11),
      parent.fork('init'),
      parent.fork('data'),
      parent.fork('dropout'),
      parent.fork('init').fork('init'),
      createRng(12).fork('init'),
    ];
    const values = streams.map((r) => r.uint32());
    expect(new Set(values).size).toBe(values.length);
  });

  it('gives uncorrelated streams for forks with similar labels', () => {
    const parent = createRng(13);
    const a = draws(parent.fork('layer1').next, 20_000);
    const b = draws(parent.fork('layer2').next, 20_000);
    let cov = 0;
    for (let i = 0; i < a.length; i++) cov += (a[i]! - 0.5) * (b[i]! - 0.5);
    // correlation = cov / (1/12); standard error 1/sqrt(20000) = 0.007
    expect(Math.abs(cov / a.length / (1 / 12))).toBeLessThan(0.04);
  });
});

describe('Rng.save and restore', () => {
  it('a restored stream, forks included, continues exactly where the saved one was', () => {
    const a = createRng(7);
    const fa = a.fork('x');
    a.normal(); // leaves a spare normal
    fa.shuffle([1, 2, 3, 4, 5]);
    const state = a.save();
    const want = [a.normal(), a.uint32(), fa.next(), fa.normal()];
    const b = createRng(99);
    const fb = b.fork('x');
    b.restore(state);
    expect([b.normal(), b.uint32(), fb.next(), fb.normal()]).toEqual(want);
  });

  it('refuses a state of another fork tree', () => {
    const a = createRng(1);
    a.fork('x');
    expect(() => createRng(1).restore(a.save())).toThrow(UsageError);
  });
});
