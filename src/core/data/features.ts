// --features: TensorFlow Playground's input features, computed from the two inputs x₁, x₂ of a 2-D data
// set (after --standardize, when it is on). The model sees one column per chosen feature, in the order
// of FEATURE_NAMES; the pictures still plot the plane of x₁, x₂ and encode each grid point the same way.

import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import { FEATURE_NAMES, type FeatureName } from '../settings/table.js';
import { isDataSetName } from './catalog.js';
import { isGeneratorName } from './generators.js';
import { SHAPES } from './point-sets.js';

export { FEATURE_NAMES, type FeatureName };

/** How a picture names each feature. */
export const FEATURE_LABELS: Readonly<Record<FeatureName, string>> = {
  x1: 'x₁',
  x2: 'x₂',
  x1sq: 'x₁²',
  x2sq: 'x₂²',
  x1x2: 'x₁·x₂',
  sinx1: 'sin x₁',
  sinx2: 'sin x₂',
};

/** The value of one feature at the point (x₁, x₂). */
export function featureValue(name: FeatureName, x1: number, x2: number): number {
  switch (name) {
    case 'x1':
      return x1;
    case 'x2':
      return x2;
    case 'x1sq':
      return x1 * x1;
    case 'x2sq':
      return x2 * x2;
    case 'x1x2':
      return x1 * x2;
    case 'sinx1':
      return Math.sin(x1);
    case 'sinx2':
      return Math.sin(x2);
  }
}

/** Write the features of (x₁, x₂) into row `row` of a (B, F) input buffer. */
export function encodePoint(
  features: readonly FeatureName[],
  x1: number,
  x2: number,
  out: { [i: number]: number },
  row: number,
): void {
  const F = features.length;
  for (let f = 0; f < F; f++) out[row * F + f] = featureValue(features[f]!, x1, x2);
}

/**
 * Whether data has the x₁, x₂ plane the features are computed from (and the pictures plot): exactly two
 * input columns, `inputDim` once it is loaded. Before that its name answers: a 2-D generator has one,
 * sine (one input) and the named data sets (images, iris) have none, and a CSV passes until its columns
 * are read.
 */
export function hasFeaturePlane(data: string, inputDim: number | null = null): boolean {
  if (inputDim !== null) return inputDim === 2;
  return isGeneratorName(data) ? Object.hasOwn(SHAPES, data) : !isDataSetName(data);
}

/** The data set with one input column per feature; refused unless it has exactly two input columns. */
export function withFeatures(ds: Dataset, features: readonly FeatureName[]): Dataset {
  if (!hasFeaturePlane(ds.name, ds.inputDim)) {
    throw new UsageError(
      '--features',
      'a data set with 2 input columns (x1, x2)',
      `${ds.inputDim} input column${ds.inputDim === 1 ? '' : 's'} in ${ds.name}`,
    );
  }
  const F = features.length;
  const x = new Float64Array(ds.n * F); // (N, F)
  for (let i = 0; i < ds.n; i++) encodePoint(features, ds.x[i * 2]!, ds.x[i * 2 + 1]!, x, i);
  const { featureNames: _names, ...rest } = ds;
  return { ...rest, x, inputDim: F, featureNames: [...features] };
}
