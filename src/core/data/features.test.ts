import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.js';
import { resolveConfig } from '../settings/resolve.js';
import { encodePoint, withFeatures } from './features.js';
import { prepareData } from './prepare.js';

const ds = (x: number[], inputDim: number): Dataset => ({
  name: 't',
  x: Float64Array.from(x),
  y: new Float64Array(x.length / inputDim),
  n: x.length / inputDim,
  inputDim,
  targetDim: 1,
  task: 'binary',
  numClasses: 2,
});

describe('input features', () => {
  it('withFeatures computes x1², x2², x1·x2, sin x1, sin x2 of each row, in the order of FEATURE_NAMES', () => {
    // rows (2, −3) and (0.5, π/2), worked by hand
    const out = withFeatures(ds([2, -3, 0.5, Math.PI / 2], 2), [
      'x1',
      'x2',
      'x1sq',
      'x2sq',
      'x1x2',
      'sinx1',
      'sinx2',
    ]);
    expect(out.inputDim).toBe(7);
    expect(out.n).toBe(2);
    expect(Array.from(out.x.subarray(0, 5))).toEqual([2, -3, 4, 9, -6]);
    expect(out.x[5]).toBeCloseTo(0.9092974268, 10); // sin 2
    expect(out.x[6]).toBeCloseTo(-0.1411200081, 10); // sin −3
    expect(Array.from(out.x.subarray(7, 12))).toEqual([
      0.5,
      Math.PI / 2,
      0.25,
      Math.PI ** 2 / 4,
      Math.PI / 4,
    ]);
    expect(out.x[12]).toBeCloseTo(0.4794255386, 10); // sin 0.5
    expect(out.x[13]).toBe(1); // sin π/2
    expect(out.featureNames).toEqual(['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
  });

  it('withFeatures with only x1·x2 gives one column and leaves the labels and its input untouched', () => {
    const input = ds([3, 4, -1, 5], 2);
    const out = withFeatures(input, ['x1x2']);
    expect([out.inputDim, ...out.x]).toEqual([1, 12, -5]);
    expect(out.y).toBe(input.y);
    expect(Array.from(input.x)).toEqual([3, 4, -1, 5]);
  });

  it('encodePoint writes the features of one grid point into a (B, F) row', () => {
    const buf = new Float64Array(6);
    encodePoint(['x2', 'x1sq', 'x1x2'], 3, -2, buf, 1);
    expect(Array.from(buf)).toEqual([0, 0, 0, -2, 9, -6]);
  });

  it('withFeatures refuses a data set without exactly two input columns, in one line naming --features', () => {
    expect(() => withFeatures(ds([1, 2, 3], 1), ['x1sq'])).toThrow(
      '--features: expected a data set with 2 input columns (x1, x2), got "1 input column in t"',
    );
  });

  it('--features parses a comma list in the table order and refuses an unknown or repeated name', () => {
    expect(resolveConfig({ features: 'x1x2,x1' }).features).toEqual(['x1', 'x1x2']);
    expect(resolveConfig({}).features).toBeNull();
    expect(() => resolveConfig({ features: 'x3' })).toThrow(
      '--features: expected one or more of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2, comma-separated, got "x3"',
    );
    expect(() => resolveConfig({ features: 'x1,x1' })).toThrow('--features: expected x1 at most once');
    expect(() => resolveConfig({ features: '' })).toThrow('--features: expected one or more of');
  });

  it('prepareData trains xor on the chosen features of its (x1, x2) rows; sine (1-D) is refused', () => {
    const plain = prepareData(resolveConfig({ data: 'xor', samples: 50 }));
    const feat = prepareData(resolveConfig({ data: 'xor', samples: 50, features: 'x1x2,sinx2' }));
    expect(feat.train.inputDim).toBe(2);
    for (let i = 0; i < plain.train.n; i++) {
      const [a, b] = [plain.train.x[i * 2]!, plain.train.x[i * 2 + 1]!];
      expect([feat.train.x[i * 2], feat.train.x[i * 2 + 1]]).toEqual([a * b, Math.sin(b)]);
    }
    expect(feat.train.y).toEqual(plain.train.y);
    expect(() => prepareData(resolveConfig({ data: 'sine', features: 'x1sq' }))).toThrow(
      '--features: expected a data set with 2 input columns (x1, x2), got "1 input column in sine"',
    );
  });
});

describe('--data-seed', () => {
  it('draws other points under the same seed, and by default is the seed itself', () => {
    const base = prepareData(resolveConfig({ data: 'circle', samples: 40, seed: 3 }));
    const same = prepareData(resolveConfig({ data: 'circle', samples: 40, seed: 3, dataSeed: 3 }));
    const other = prepareData(resolveConfig({ data: 'circle', samples: 40, seed: 3, dataSeed: 4 }));
    expect(same.train.x).toEqual(base.train.x);
    expect(other.train.n).toBe(base.train.n);
    expect(other.train.x).not.toEqual(base.train.x);
    // the data seed 4 draws what the seed 4 draws
    expect(other.train.x).toEqual(
      prepareData(resolveConfig({ data: 'circle', samples: 40, seed: 4 })).train.x,
    );
  });
});
