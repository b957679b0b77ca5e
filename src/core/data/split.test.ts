import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import { createRng } from '../rng.js';
import { keepRows, splitTrainVal, subset } from './split.js';

/** Row i has x = [i, 10·i] and y = i, so every row can be traced back. */
function numbered(n: number): Dataset {
  return {
    name: 'numbered',
    x: Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 5 * k - 5)),
    y: Float64Array.from({ length: n }, (_, i) => i),
    n,
    inputDim: 2,
    targetDim: 1,
    task: 'regression',
    featureNames: ['a', 'b'],
    targetName: 't',
  };
}

describe('splitTrainVal', () => {
  it('holds out round(fraction·N) rows; together the splits are the dataset, each in original order', () => {
    const { train, val } = splitTrainVal(numbered(100), 0.25, createRng(1));
    expect(val!.n).toBe(25);
    expect(train.n).toBe(75);
    const all = [...train.y, ...val!.y].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const part of [train, val!]) {
      expect([...part.y]).toEqual([...part.y].sort((a, b) => a - b));
      for (let k = 0; k < part.n; k++) expect(part.x[2 * k + 1]).toBe(10 * part.y[k]!);
    }
  });

  it('is deterministic given the rng seed and random across seeds', () => {
    const a = splitTrainVal(numbered(50), 0.2, createRng(2));
    expect(splitTrainVal(numbered(50), 0.2, createRng(2))).toEqual(a);
    expect(splitTrainVal(numbered(50), 0.2, createRng(3)).val!.y).not.toEqual(a.val!.y);
    expect(a.val!.y).not.toEqual(Float64Array.from({ length: 10 }, (_, i) => i));
  });

  it('returns the dataset itself and no validation set for fraction 0', () => {
    const ds = numbered(10);
    expect(splitTrainVal(ds, 0, createRng(4))).toEqual({ train: ds, val: null });
  });

  it('keeps at least one sample in each split', () => {
    expect(splitTrainVal(numbered(10), 0.01, createRng(5)).val!.n).toBe(1);
    expect(splitTrainVal(numbered(10), 0.99, createRng(5)).train.n).toBe(1);
    expect(splitTrainVal(numbered(2), 0.5, createRng(5)).val!.n).toBe(1);
  });

  it('rejects a fraction outside [0, 1) and a split of a single sample', () => {
    const rng = createRng(6);
    expect(() => splitTrainVal(numbered(10), 1, rng)).toThrow(
      '--val-split: expected a number in [0, 1), got 1',
    );
    expect(() => splitTrainVal(numbered(10), -0.1, rng)).toThrow(UsageError);
    expect(() => splitTrainVal(numbered(10), Number.NaN, rng)).toThrow(UsageError);
    expect(() => splitTrainVal(numbered(1), 0.5, rng)).toThrow(
      '--val-split: expected 0, as numbered has 1 sample and each split needs 1, got 0.5',
    );
  });
});

describe('subset', () => {
  it('copies the chosen rows in the given order, repeats included, keeping the metadata', () => {
    const ds = numbered(5);
    const s = subset(ds, [4, 0, 4]);
    expect(s).toEqual({
      ...ds,
      n: 3,
      x: new Float64Array([4, 40, 0, 0, 4, 40]),
      y: new Float64Array([4, 0, 4]),
    });
    s.x[0] = -1;
    expect(ds.x[8]).toBe(4);
  });

  it('rejects an index that is not a row of the dataset', () => {
    expect(() => subset(numbered(5), [0, 5])).toThrow(
      'subset: indices[1]: expected a row index in [0, 5), got 5',
    );
    expect(() => subset(numbered(5), [1.5])).toThrow(UsageError);
  });
});

describe('keepRows', () => {
  const ds = (): Dataset => ({
    name: 'rows',
    x: Float64Array.from({ length: 6 * 3 }, (_, k) => k),
    y: Float64Array.of(0, 1, 0, 1, 1, 0),
    n: 6,
    inputDim: 3,
    targetDim: 1,
    task: 'binary',
  });
  it('moves the sorted rows to the front in place: the same rows, in order, as subset copies', () => {
    const picked = [1, 2, 4, 5];
    const want = subset(ds(), picked);
    const own = ds();
    const kept = keepRows(own, picked);
    expect(kept.n).toBe(4);
    expect(Array.from(kept.x)).toEqual(Array.from(want.x));
    expect(Array.from(kept.y)).toEqual(Array.from(want.y));
    expect(kept.x.buffer).toBe(own.x.buffer); // no copy of the rows
  });
  it('refuses indices that are not ascending and distinct', () => {
    expect(() => keepRows(ds(), [0, 3, 3])).toThrow(
      'keepRows: sorted[2]: expected an ascending row index in [2, 6), got 3',
    );
    expect(() => keepRows(ds(), [2, 1])).toThrow(
      'keepRows: sorted[1]: expected an ascending row index in [1, 6), got 1',
    );
  });
});
