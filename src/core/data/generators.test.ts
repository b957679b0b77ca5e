import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { createRng } from '../rng.js';
import { GENERATORS, generateData, SINE_NOISE } from './generators.js';
import { nearestOtherLabelDistance } from './nearest.js';
import { SHAPES, type ShapeName } from './point-sets.js';

const SHAPE_NAMES = Object.keys(SHAPES) as ShapeName[];
const N = 1000;

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
}

describe('generateData', () => {
  it.each(Object.keys(GENERATORS))('%s is deterministic given the rng seed', (name) => {
    const a = generateData(name, { samples: 300, noise: 0.3, rng: createRng(1) });
    expect(generateData(name, { samples: 300, noise: 0.3, rng: createRng(1) })).toEqual(a);
    expect(generateData(name, { samples: 300, noise: 0.3, rng: createRng(2) }).x).not.toEqual(a.x);
  });

  it.each(SHAPE_NAMES)('%s returns a balanced binary dataset of shape (N, 2) → (N, 1)', (name) => {
    const ds = generateData(name, { samples: N, noise: 0.5, rng: createRng(3) });
    expect(ds).toMatchObject({ name, n: N, inputDim: 2, targetDim: 1, task: 'binary', numClasses: 2 });
    expect(ds.x.length).toBe(2 * N);
    expect(ds.y.every((v) => v === 0 || v === 1)).toBe(true);
    expect(mean(ds.y)).toBeGreaterThan(0.4);
    expect(mean(ds.y)).toBeLessThan(0.6);
  });

  it.each(SHAPE_NAMES)('%s at noise 0 is the clean shape: no jitter and no flipped labels', (name) => {
    const ds = generateData(name, { samples: N, noise: 0, rng: createRng(4) });
    const clean = SHAPES[name](N, createRng(4));
    expect(ds.x).toEqual(clean.x);
    expect(ds.y).toEqual(clean.y);
  });

  it.each(SHAPE_NAMES)('%s at noise > 0 flips labels, preferentially near the class boundary', (name) => {
    const ds = generateData(name, { samples: N, noise: 0.8, rng: createRng(5) });
    const clean = SHAPES[name](N, createRng(5));
    const d = nearestOtherLabelDistance(clean.x, clean.y);
    const flippedD = Array.from(d).filter((_, i) => ds.y[i] !== clean.y[i]);
    expect(flippedD.length).toBeGreaterThan(0);
    expect(mean(flippedD)).toBeLessThan(mean(d));
  });

  it('sine gives a regression set with x in [−1, 1] and y = sin(πx) at noise 0', () => {
    const ds = generateData('sine', { samples: N, noise: 0, rng: createRng(6) });
    expect(ds).toMatchObject({ name: 'sine', n: N, inputDim: 1, targetDim: 1, task: 'regression' });
    expect(ds.numClasses).toBeUndefined();
    for (let i = 0; i < N; i++) {
      expect(Math.abs(ds.x[i]!)).toBeLessThanOrEqual(1);
      expect(ds.y[i]).toBe(Math.sin(Math.PI * ds.x[i]!));
    }
  });

  it('sine adds Gaussian target noise with σ = SINE_NOISE·noise', () => {
    const ds = generateData('sine', { samples: 20_000, noise: 1, rng: createRng(7) });
    let ss = 0;
    for (let i = 0; i < ds.n; i++) ss += (ds.y[i]! - Math.sin(Math.PI * ds.x[i]!)) ** 2;
    expect(Math.sqrt(ss / ds.n)).toBeCloseTo(SINE_NOISE, 1);
  });

  it('rejects an unknown name, naming the choices', () => {
    const opts = { samples: 10, noise: 0, rng: createRng(8) };
    expect(() => generateData('toString', opts)).toThrow(UsageError);
    expect(() => generateData('ring', opts)).toThrow(
      '--data: expected one of circle, xor, gauss, spiral, moons, sine or a .csv path, got "ring"',
    );
  });

  it('rejects noise outside [0, 1] and samples that are not positive integers', () => {
    const rng = createRng(9);
    expect(() => generateData('xor', { samples: 10, noise: 1.5, rng })).toThrow(
      '--noise: expected a number in [0, 1], got 1.5',
    );
    expect(() => generateData('sine', { samples: 10, noise: Number.NaN, rng })).toThrow(UsageError);
    expect(() => generateData('xor', { samples: 0, noise: 0, rng })).toThrow(
      '--samples: expected a positive integer, got 0',
    );
    expect(() => generateData('xor', { samples: 2.5, noise: 0, rng })).toThrow(UsageError);
  });

  it('makes a one-sample set without flips (there is no other class)', () => {
    const ds = generateData('circle', { samples: 1, noise: 1, rng: createRng(10) });
    expect(ds.y).toEqual(new Float64Array([0]));
  });
});
