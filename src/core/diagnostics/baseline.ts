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
