import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.js';
import { standardize } from './standardize.js';

const ds = (x: number[], n: number): Dataset => ({
  name: 't',
  x: Float64Array.from(x),
  y: new Float64Array(n),
  n,
  inputDim: x.length / n,
  targetDim: 1,
  task: 'binary',
  numClasses: 2,
});

describe('standardize', () => {
  it('maps each training feature to mean 0, std 1 (population) and applies the training statistics to validation', () => {
    // feature 0: 1, 2, 3 (mean 2, std √(2/3)); feature 1: 5, 5, 5 (constant: std taken as 1)
    const { train, val } = standardize(ds([1, 5, 2, 5, 3, 5], 3), ds([4, 7], 1));
    const s = Math.sqrt(2 / 3);
    expect(Array.from(train.x)).toEqual([-1 / s, 0, 0, 0, 1 / s, 0]);
    expect(Array.from(val!.x)).toEqual([2 / s, 2]);
  });

  it('leaves its inputs untouched and passes a missing validation set through', () => {
    const t = ds([1, 2, 3, 4], 2);
    expect(standardize(t, null).val).toBeNull();
    expect(Array.from(t.x)).toEqual([1, 2, 3, 4]);
  });
});
