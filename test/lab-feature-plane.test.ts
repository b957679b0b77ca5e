// The one predicate for "this data has an x₁, x₂ plane" (src/core/data/features.ts): the core refuses
// --features without one, the lab's controls hide the feature toggles and the worker draws no unit
// thumbnails. Checked against the data itself: the columns each generator and data set really has.

import { describe, expect, it } from 'vitest';
import {
  createRng,
  DATA_SET_NAMES,
  GENERATORS,
  generateData,
  hasFeaturePlane,
  withFeatures,
} from '../src/index.js';

/** the input columns of each data set the lab offers (loaded ones: pixels 28×28, iris's 4 measurements) */
const NAMED_INPUTS: Readonly<Record<string, number>> = { 'fashion-mnist': 784, mnist: 784, iris: 4 };

describe('hasFeaturePlane', () => {
  it('by name, agrees with the columns every generator produces: the 2-D point sets yes, sine no', () => {
    for (const name of Object.keys(GENERATORS)) {
      const ds = generateData(name, { samples: 8, noise: 0, rng: createRng(1) });
      expect(hasFeaturePlane(name), name).toBe(ds.inputDim === 2);
      expect(hasFeaturePlane(name, ds.inputDim), name).toBe(ds.inputDim === 2);
    }
    expect(hasFeaturePlane('sine')).toBe(false);
    expect(hasFeaturePlane('circle')).toBe(true);
  });

  it('by name, says no for the named data sets (images, iris), whose inputs are not a plane', () => {
    expect([...DATA_SET_NAMES].sort()).toEqual(Object.keys(NAMED_INPUTS).sort());
    for (const name of DATA_SET_NAMES) {
      expect(hasFeaturePlane(name), name).toBe(false);
      expect(hasFeaturePlane(name, NAMED_INPUTS[name]!), name).toBe(false);
    }
  });

  it('lets a CSV through by name and settles it by its loaded columns, as withFeatures refuses', () => {
    expect(hasFeaturePlane('points.csv')).toBe(true);
    expect(hasFeaturePlane('points.csv', 2)).toBe(true);
    expect(hasFeaturePlane('points.csv', 3)).toBe(false);
    const three = {
      ...generateData('circle', { samples: 4, noise: 0, rng: createRng(2) }),
      name: 'points.csv',
      inputDim: 3,
      x: new Float64Array(12),
    };
    expect(() => withFeatures(three, ['x1', 'x1sq'])).toThrow(
      '--features: expected a data set with 2 input columns (x1, x2), got "3 input columns in points.csv"',
    );
  });
});
