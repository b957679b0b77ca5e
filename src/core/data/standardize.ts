// --standardize on: each input feature shifted and scaled to mean 0, std 1 over the training rows; the
// validation rows get the training statistics (they must not leak into the model's inputs).

import type { Dataset } from '../dataset.js';

/** Feature means and stds (population) of the rows of `ds`; a constant feature gets std 1. */
function featureStats(ds: Dataset): { mean: Float64Array; std: Float64Array } {
  const { n, inputDim: D, x } = ds;
  const mean = new Float64Array(D);
  const std = new Float64Array(D);
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) mean[j]! += x[i * D + j]! / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < D; j++) std[j]! += (x[i * D + j]! - mean[j]!) ** 2 / n;
  }
  // NOTE: a constant feature (a pixel that is 0 in every image) would divide by 0
  for (let j = 0; j < D; j++) std[j] = std[j]! > 0 ? Math.sqrt(std[j]!) : 1;
  return { mean, std };
}

function applied(ds: Dataset, mean: Float64Array, std: Float64Array): Dataset {
  const D = ds.inputDim;
  const x = ds.x.map((v, k) => (v - mean[k % D]!) / std[k % D]!);
  return { ...ds, x };
}

export function standardize(train: Dataset, val: Dataset | null): { train: Dataset; val: Dataset | null } {
  const { mean, std } = featureStats(train);
  return { train: applied(train, mean, std), val: val && applied(val, mean, std) };
}
