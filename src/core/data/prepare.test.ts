import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import { prepareData } from './prepare.js';
import { standardize } from './standardize.js';

describe('prepareData: subsets and standardization on any data', () => {
  it('--train-size and --val-size draw seeded subsets of the split, rows kept in order', () => {
    const config = resolveConfig({ data: 'spiral', samples: 400, trainSize: 50, valSize: 20 });
    const a = prepareData(config);
    expect([a.train.n, a.val?.n]).toEqual([50, 20]);
    expect(prepareData(config).train.x).toEqual(a.train.x);
    // the 50 rows are rows of the full 320-row training split
    const full = prepareData(resolveConfig({ data: 'spiral', samples: 400 }));
    const rows = new Set(
      Array.from({ length: full.train.n }, (_, i) => `${full.train.x[2 * i]},${full.train.x[2 * i + 1]}`),
    );
    for (let i = 0; i < 50; i++) expect(rows.has(`${a.train.x[2 * i]},${a.train.x[2 * i + 1]}`)).toBe(true);
  });

  it('refuses a subset larger than its rows, a --val-size without validation, and a named set not loaded', () => {
    expect(() => prepareData(resolveConfig({ data: 'xor', samples: 100, trainSize: 81 }))).toThrow(
      '--train-size: expected at most 80 (the training rows of xor), got 81',
    );
    expect(() => prepareData(resolveConfig({ data: 'xor', valSplit: 0, valSize: 5 }))).toThrow(
      '--val-size: expected no --val-size',
    );
    expect(() => prepareData(resolveConfig({ data: 'fashion-mnist' }))).toThrow(
      '--data: expected the loaded data set fashion-mnist, got "nothing"',
    );
    expect(() => prepareData(resolveConfig({ data: 'cifar' }))).toThrow(
      '--data: expected one of circle, xor, gauss, spiral, moons, sine, fashion-mnist, mnist, iris or a .csv path, got "cifar"',
    );
  });

  it('--standardize on gives each training feature mean 0', () => {
    const { train } = prepareData(resolveConfig({ data: 'gauss', standardize: 'on' }));
    const mean0 =
      Array.from({ length: train.n }, (_, i) => train.x[2 * i]!).reduce((a, b) => a + b, 0) / train.n;
    expect(Math.abs(mean0)).toBeLessThan(1e-12);
  });
});

describe('--standardize on float64 features whose deviations overflow when squared', () => {
  it('gives the hand-computed 0, −√(3/2), √(3/2) for [1e200, −1e200, 3e200] (it gave 0, −0, 0: x/∞)', () => {
    const ds = {
      name: 'huge',
      x: Float64Array.of(1e200, 0.5, -1e200, 1, 3e200, 1.5),
      y: Float64Array.of(0, 1, 0),
      n: 3,
      inputDim: 2,
      targetDim: 1,
      task: 'binary' as const,
    };
    const { train } = standardize(ds, null);
    const r = Math.sqrt(3 / 2);
    const want = [0, -r, -r, 0, r, r];
    for (let k = 0; k < want.length; k++) expect(train.x[k]).toBeCloseTo(want[k]!, 12);
  });
});
