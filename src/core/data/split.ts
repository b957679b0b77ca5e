// Train/validation split and row subsets. Rows are copied, so a split never aliases the full dataset.

import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';

export interface TrainValSplit {
  readonly train: Dataset;
  /** null when valFraction is 0 */
  readonly val: Dataset | null;
}

/**
 * Hold out round(valFraction·N) random rows for validation (at least 1, and at least 1 left to train on).
 * Each split keeps the rows in their original order; which rows go where depends only on the rng.
 */
export function splitTrainVal(ds: Dataset, valFraction: number, rng: Rng): TrainValSplit {
  const rows = splitRows(ds.n, ds.name, valFraction, rng);
  return rows.val === null
    ? { train: ds, val: null }
    : { train: subset(ds, rows.train), val: subset(ds, rows.val) };
}

/** splitTrainVal's choice of rows for `n` rows of `name`: sorted train and validation row indices. */
export function splitRows(
  n: number,
  name: string,
  valFraction: number,
  rng: Rng,
): { train: Int32Array; val: Int32Array | null } {
  // NOTE: `!(a && b)` also rejects NaN.
  if (!(valFraction >= 0 && valFraction < 1)) {
    throw new UsageError('--val-split', 'a number in [0, 1)', valFraction);
  }
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (valFraction === 0) return { train: all, val: null };
  if (n < 2) {
    throw new UsageError('--val-split', `0, as ${name} has ${n} sample and each split needs 1`, valFraction);
  }
  const nVal = Math.min(n - 1, Math.max(1, Math.round(valFraction * n)));
  const order = rng.shuffle(all);
  return { train: order.subarray(nVal).sort(), val: order.subarray(0, nVal).sort() };
}

/**
 * --train-size / --val-size: `size` of the rows `from`, drawn by `rng` and kept in their order (all of
 * them when size is null). `flag` and `what` name the setting and the rows in the error.
 */
export function pickRows(
  from: Int32Array,
  size: number | null,
  rng: Rng,
  flag: string,
  what: string,
): Int32Array {
  if (size === null) return from;
  if (size > from.length) throw new UsageError(flag, `at most ${from.length} (the ${what})`, size);
  return rng.shuffle(Int32Array.from(from)).subarray(0, size).sort();
}

/**
 * The rows `sorted` (ascending, distinct) of `ds` moved to its front in place, as a dataset over the same
 * buffers: `ds` is used up (its other rows are overwritten). For a dataset its caller owns.
 */
export function keepRows(ds: Dataset, sorted: ArrayLike<number>): Dataset {
  const { inputDim: D, targetDim: T } = ds;
  const n = sorted.length;
  for (let k = 0; k < n; k++) {
    const i = sorted[k]!;
    if (!Number.isInteger(i) || i < k || i >= ds.n || (k > 0 && i <= sorted[k - 1]!))
      throw new UsageError(`keepRows: sorted[${k}]`, `an ascending row index in [${k}, ${ds.n})`, i);
    if (i === k) continue;
    ds.x.copyWithin(k * D, i * D, (i + 1) * D);
    ds.y.copyWithin(k * T, i * T, (i + 1) * T);
  }
  return { ...ds, n, x: ds.x.subarray(0, n * D), y: ds.y.subarray(0, n * T) };
}

/** The rows `indices` of `ds` (repeats allowed), copied into a new dataset with the same metadata. */
export function subset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) {
      throw new UsageError(`subset: indices[${k}]`, `a row index in [0, ${ds.n})`, i);
    }
  }
  const n = indices.length;
  const { inputDim: D, targetDim: T } = ds;
  const x = new Float64Array(n * D); // (n, D)
  const y = new Float64Array(n * T); // (n, T)
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    x.set(ds.x.subarray(i * D, (i + 1) * D), k * D);
    y.set(ds.y.subarray(i * T, (i + 1) * T), k * T);
  }
  return { ...ds, x, y, n };
}
