// A dataset is plain data: inputs x [N, D] and targets y [N, T], both float64, row-major.

import { UsageError } from './errors.js';

export type Task = 'binary' | 'multiclass' | 'regression';

export interface Dataset {
  readonly name: string;
  /** (N, D) inputs */
  readonly x: Float64Array;
  /** (N, T) targets; for classification T = 1 and the value is the integer label 0..K−1 */
  readonly y: Float64Array;
  readonly n: number;
  readonly inputDim: number;
  readonly targetDim: number;
  readonly task: Task;
  /** number of classes for classification tasks (2 for binary) */
  readonly numClasses?: number;
  readonly featureNames?: readonly string[];
  readonly targetName?: string;
}

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];

/**
 * Refuse a dataset whose shape does not hold together (a hand-built one; the loaders' always do), in one
 * line naming the field: a count that is not an integer, arrays of the wrong length, a label outside
 * 0..K−1. Values are not scanned: a non-finite input shows as a non-finite loss at the first step.
 */
export function checkDataset(where: string, ds: Dataset, minRows = 1): void {
  const count = (key: 'n' | 'inputDim' | 'targetDim', min: number): number => {
    const v: unknown = ds[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw new UsageError(`${where}.${key}`, `an integer ≥ ${min}`, v);
    return v;
  };
  const n = count('n', minRows);
  const d = count('inputDim', 1);
  const t = count('targetDim', 1);
  if (!TASKS.includes(ds.task)) throw new UsageError(`${where}.task`, TASKS.join(' | '), ds.task);
  const length = (key: 'x' | 'y', want: number, shape: string): void => {
    const got = (ds[key] as { length?: unknown } | undefined)?.length;
    if (got !== want)
      throw new UsageError(
        `${where}.${key}`,
        `${want} numbers (${shape})`,
        got === undefined ? ds[key] : `${got} numbers`,
      );
  };
  length('x', n * d, `n × inputDim = ${n} × ${d}`);
  length('y', n * t, `n × targetDim = ${n} × ${t}`);
  if (ds.task === 'regression') return;
  if (t !== 1) throw new UsageError(`${where}.targetDim`, '1 for a classification task (the label)', t);
  const k = ds.numClasses ?? 2;
  if (!Number.isInteger(k) || k < 2 || (ds.task === 'binary' && k !== 2))
    throw new UsageError(`${where}.numClasses`, ds.task === 'binary' ? '2' : 'an integer ≥ 2', k);
  for (let i = 0; i < n; i++) {
    const label = ds.y[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k)
      throw new UsageError(`${where}.y[${i}]`, `a class label 0..${k - 1}`, label);
  }
}
