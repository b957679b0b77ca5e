import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import type { Dataset } from './dataset.js';
import { UsageError } from './errors.js';
import { createTrainer } from './train/trainer.js';

const rows = (n: number, d: number): Float64Array =>
  Float64Array.from({ length: n * d }, (_, i) => (i % 7) / 7);
const binary = (over: Partial<Dataset> = {}): Dataset => ({
  name: 'hand-built',
  x: rows(4, 2),
  y: Float64Array.of(0, 1, 1, 0),
  n: 4,
  inputDim: 2,
  targetDim: 1,
  task: 'binary',
  ...over,
});
const config = resolveConfig({ hidden: [3], steps: 2, batchSize: 2 });
/** the one line createTrainer refuses a dataset with */
const refusal = (train: Dataset, val: Dataset | null = null): string => {
  try {
    createTrainer(config, { train, val });
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  return 'accepted';
};

describe('a hand-built dataset is refused in one line naming its field', () => {
  it('accepts a consistent one and trains on it', () => {
    const trainer = createTrainer(config, { train: binary(), val: null });
    expect(Number.isFinite(trainer.step().loss)).toBe(true);
  });
  it('a missing or fractional count (where it once printed "at most NaN units")', () => {
    expect(refusal(binary({ n: undefined as unknown as number }))).toBe(
      'data.train.n: expected an integer ≥ 1, got undefined',
    );
    expect(refusal(binary({ n: 2.5 }))).toBe('data.train.n: expected an integer ≥ 1, got 2.5');
    expect(refusal(binary({ inputDim: 0 }))).toBe('data.train.inputDim: expected an integer ≥ 1, got 0');
  });
  it('arrays that do not hold n rows', () => {
    expect(refusal(binary({ x: rows(3, 2) }))).toBe(
      'data.train.x: expected 8 numbers (n × inputDim = 4 × 2), got "6 numbers"',
    );
    expect(refusal(binary({ y: Float64Array.of(0, 1) }))).toBe(
      'data.train.y: expected 4 numbers (n × targetDim = 4 × 1), got "2 numbers"',
    );
  });
  it('a label outside 0..K−1, or a task it does not know', () => {
    expect(refusal(binary({ y: Float64Array.of(0, 1, 2, 0) }))).toBe(
      'data.train.y[2]: expected a class label 0..1, got 2',
    );
    expect(refusal(binary({ task: 'multiclass', numClasses: 3, y: Float64Array.of(0, 1, 0.5, 2) }))).toBe(
      'data.train.y[2]: expected a class label 0..2, got 0.5',
    );
    expect(refusal(binary({ task: 'ranking' as Dataset['task'] }))).toBe(
      'data.train.task: expected binary | multiclass | regression, got "ranking"',
    );
  });
  it('a validation set whose columns differ from the training set', () => {
    expect(refusal(binary(), binary({ inputDim: 1, x: rows(4, 1) }))).toBe(
      "data.val.inputDim: expected the training set's (2), got 1",
    );
  });
});
