// --standardize on: each input feature shifted and scaled to mean 0, std 1 over the training rows; the
// validation rows get the training statistics (they must not leak into the model's inputs).

import type { Dataset } from '../dataset.js';

/**
 * Feature means and stds (population) of the rows of `ds`; a constant feature gets std 1.
 * `halved[j]`: feature j's deviations overflow float64 when squared (|x − mean| ≳ 1e154, float64 data):
 * its std is then taken over the halved deviations (x/2 − mean/2, which never overflow) scaled by their
 * largest, and stored halved, so (x/2 − mean/2) / std is the standardized value (it was 0: x/∞).
 */
function featureStats(ds: Dataset): { mean: Float64Array; std: Float64Array; halved: Uint8Array } {
  const { n, inputDim: D, x } = ds;
  const mean = new Float64Array(D);
  const std = new Float64Array(D);
  const halved = new Uint8Array(D);
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) mean[j]! += x[i * D + j]! / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < D; j++) std[j]! += (x[i * D + j]! - mean[j]!) ** 2 / n;
  }
  for (let j = 0; j < D; j++) {
    if (Number.isFinite(std[j]!)) continue;
    halved[j] = 1;
    std[j] = halvedStd(ds, j, mean[j]!);
  }
  // NOTE: a constant feature (a pixel that is 0 in every image) would divide by 0
  for (let j = 0; j < D; j++) std[j] = halved[j] ? std[j]! : std[j]! > 0 ? Math.sqrt(std[j]!) : 1;
  return { mean, std, halved };
}

/** half the std of feature j, from its halved deviations scaled by the largest (no square overflows) */
function halvedStd(ds: Dataset, j: number, mean: number): number {
  const { n, inputDim: D, x } = ds;
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(x[i * D + j]! / 2 - mean / 2));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ((x[i * D + j]! / 2 - mean / 2) / top) ** 2 / n;
  return top * Math.sqrt(sum);
}

function applied(ds: Dataset, mean: Float64Array, std: Float64Array, halved: Uint8Array): Dataset {
  const D = ds.inputDim;
  const x = ds.x.map((v, k) => {
    const j = k % D;
    return halved[j] ? (v / 2 - mean[j]! / 2) / std[j]! : (v - mean[j]!) / std[j]!;
  });
  return { ...ds, x };
}

export function standardize(train: Dataset, val: Dataset | null): { train: Dataset; val: Dataset | null } {
  const { mean, std, halved } = featureStats(train);
  return { train: applied(train, mean, std, halved), val: val && applied(val, mean, std, halved) };
}
