// The constant predictor: the best model that ignores its input. Its loss is what "learned nothing" means,
// and underfitting is measured against it.

import type { Dataset } from '../dataset.js';
import type { LossName } from '../losses.js';

/**
 * The lowest mean loss any constant prediction reaches on `ds`:
 * - bce: the entropy of the label frequency p, −p ln p − (1 − p) ln(1 − p) (predict p);
 * - ce: the entropy of the class frequencies, −Σ q_k ln q_k (predict q);
 * - mse: the mean variance of the target columns (predict their means).
 */
export function constantPredictorLoss(ds: Dataset, loss: LossName): number {
  const { n, y } = ds;
  if (n === 0) return Number.NaN;
  if (loss === 'mse') {
    const T = ds.targetDim;
    let total = 0;
    for (let t = 0; t < T; t++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += y[i * T + t]!;
      mean /= n;
      for (let i = 0; i < n; i++) total += (y[i * T + t]! - mean) ** 2;
    }
    return total / (n * T);
  }
  const K = loss === 'bce' ? 2 : (ds.numClasses ?? 2);
  const counts = new Float64Array(K);
  for (let i = 0; i < n; i++) counts[y[i]!]! += 1;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/** What chance scores on a held-out set: the yardstick of "validation no better than chance". */
export interface HeldOutBaseline {
  /** examples in the held-out set */
  readonly n: number;
  /** classification: the held-out set's majority-class frequency, the accuracy of always predicting
   * that class (1/K when balanced); null for mse */
  readonly chanceAccuracy: number | null;
  /** the mean loss on the held-out set of the training set's constant predictor: its label
   * frequencies (bce/ce) or its target means (mse) */
  readonly constantLoss: number;
}

/** Chance on `val` for a model fit on `train`: see HeldOutBaseline. */
export function heldOutBaseline(train: Dataset, val: Dataset, loss: LossName): HeldOutBaseline {
  const { n, y } = val;
  if (loss === 'mse') {
    const T = train.targetDim;
    let total = 0;
    for (let t = 0; t < T; t++) {
      let mean = 0;
      for (let i = 0; i < train.n; i++) mean += train.y[i * T + t]!;
      mean /= train.n;
      for (let i = 0; i < n; i++) total += (y[i * T + t]! - mean) ** 2;
    }
    return { n, chanceAccuracy: null, constantLoss: n === 0 ? Number.NaN : total / (n * T) };
  }
  const K = loss === 'bce' ? 2 : (train.numClasses ?? 2);
  const trainCounts = new Float64Array(K);
  for (let i = 0; i < train.n; i++) trainCounts[train.y[i]!]! += 1;
  const counts = new Float64Array(K);
  for (let i = 0; i < n; i++) counts[y[i]!]! += 1;
  // NOTE: a class the training set never shows has q = 0, so its held-out examples cost ln 0 = ∞
  let ce = 0;
  for (let k = 0; k < K; k++)
    if (counts[k]! > 0) ce -= (counts[k]! / n) * Math.log(trainCounts[k]! / train.n);
  return {
    n,
    chanceAccuracy: n === 0 ? Number.NaN : Math.max(...counts) / n,
    constantLoss: n === 0 ? Number.NaN : ce,
  };
}
