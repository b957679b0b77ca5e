import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { argmaxRow, dataExtent, predictedProbability } from './predict.js';

describe('predict', () => {
  it('predictedProbability is σ(z) for bce, stable at |z| = 800', () => {
    expect(predictedProbability('bce', [0], 0, 1)).toBe(0.5);
    expect(predictedProbability('bce', [Math.log(3)], 0, 1)).toBeCloseTo(0.75, 15);
    expect(predictedProbability('bce', [-800, 800], 1, 1)).toBe(1);
    expect(predictedProbability('bce', [-800], 0, 1)).toBe(0);
  });

  it('predictedProbability is the winning softmax probability for ce, and the raw value for mse', () => {
    // logits (ln 1, ln 2, ln 5): softmax (1/8, 2/8, 5/8)
    const row = [0, 0, 0, 0, Math.log(2), Math.log(5)];
    expect(predictedProbability('ce', row, 1, 3)).toBeCloseTo(5 / 8, 15);
    expect(argmaxRow(row, 1, 3)).toBe(2);
    expect(predictedProbability('ce', [1000, 0], 0, 2)).toBe(1);
    expect(predictedProbability('mse', [3.5, -2], 1, 1)).toBe(-2);
  });

  it('dataExtent pads the bounding box by 10%, and a flat axis by ±1', () => {
    const ds: Dataset = {
      name: 't',
      x: Float64Array.from([0, 5, 10, 5]),
      y: Float64Array.from([0, 1]),
      n: 2,
      inputDim: 2,
      targetDim: 1,
      task: 'binary',
      numClasses: 2,
    };
    expect(dataExtent(ds)).toEqual([-1, 11, 4, 6]);
  });
});
