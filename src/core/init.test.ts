import { describe, expect, it } from 'vitest';
import { parseInit } from './init.js';
import { createRng } from './rng.js';

function stats(spec: string, O: number, I: number) {
  const w = new Float64Array(O * I);
  parseInit(spec).fill(w, O, I, createRng(11));
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
  return { w, mean, variance, maxAbs: Math.max(...w.map(Math.abs)) };
}

// fan_in = I = 200, fan_out = O = 300; 60,000 draws put the sample variance within ~1% of the truth
const O = 300;
const I = 200;

describe('initializers have their PyTorch / Keras variances (fan_in = in, fan_out = out)', () => {
  it.each([
    ['he-normal', 2 / I],
    ['he-uniform', 2 / I],
    ['xavier-normal', 2 / (I + O)],
    ['xavier-uniform', 2 / (I + O)],
    ['lecun-normal', 1 / I],
    ['normal:0.5', 0.25],
    ['uniform:0.3', 0.09 / 3],
    ['xavier-normal:2', (4 * 2) / (I + O)],
  ] as const)('%s has Var(W) = %f within 3%%', (spec, variance) => {
    const s = stats(spec, O, I);
    expect(Math.abs(s.mean)).toBeLessThan(0.02 * Math.sqrt(variance));
    expect(s.variance / variance).toBeGreaterThan(0.97);
    expect(s.variance / variance).toBeLessThan(1.03);
  });

  it('uniform bounds: he-uniform stays in ±√(6/fan_in), uniform:a in ±a', () => {
    expect(stats('he-uniform', O, I).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / I));
    expect(stats('uniform:0.3', O, I).maxAbs).toBeLessThanOrEqual(0.3);
  });

  it('zeros fills zeros', () => {
    expect(stats('zeros', 3, 4).maxAbs).toBe(0);
  });

  it.each([
    [5, 3],
    [3, 5],
    [4, 4],
  ])('orthogonal[:gain] gives orthonormal rows or columns scaled by gain (%i×%i)', (rows, cols) => {
    const w = new Float64Array(rows * cols);
    parseInit('orthogonal:1.5').fill(w, rows, cols, createRng(2));
    const k = Math.min(rows, cols);
    // the Gram matrix of the shorter side is gain²·I
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let dot = 0;
        for (let t = 0; t < Math.max(rows, cols); t++) {
          dot += rows >= cols ? w[t * cols + a]! * w[t * cols + b]! : w[a * cols + t]! * w[b * cols + t]!;
        }
        expect(dot).toBeCloseTo(a === b ? 2.25 : 0, 12);
      }
    }
  });

  it('the same seed gives the same weights', () => {
    expect(stats('he-normal', 8, 8).w).toEqual(stats('he-normal', 8, 8).w);
  });

  it.each(['glorot', 'he-normal:2', 'normal:-1', 'normal:', 'orthogonal:1:2'])(
    'rejects %s naming the argument: its own by default, --init when the settings pass it',
    (spec) => {
      expect(() => parseInit(spec)).toThrow(/^parseInit: spec: expected/);
      expect(() => parseInit(spec, '--init')).toThrow(/^--init: expected/);
    },
  );
});
