// The model's entry checks speak the library's words: the operation and the argument, not a CLI flag.

import { describe, expect, it } from 'vitest';
import { referenceKernels } from './kernels/reference.js';
import { createModel, type ModelSpec } from './model.js';
import { createRng } from './rng.js';

const spec: ModelSpec = {
  inputDim: 2,
  hidden: [3],
  outputDim: 1,
  activation: 'tanh',
  init: 'xavier-normal',
  biasInit: 0,
  norm: 'none',
  residual: false,
  residualScale: 1,
  dropout: 0,
};
const build = (s: ModelSpec, capacity = 2) =>
  createModel(s, { kernels: referenceKernels, dtype: 'float64', capacity, rng: createRng(1) });

describe('createModel and Model.forward', () => {
  it('createModel refuses a width that is not a positive integer, naming createModel and hidden', () => {
    expect(() => build({ ...spec, hidden: [3, 0] })).toThrow(
      'createModel: hidden: expected positive integer widths',
    );
  });

  it('forward and backward check B against the capacity once, at entry', () => {
    const m = build(spec, 2);
    m.initialize(createRng(2));
    expect(() => m.forward(5, 'eval')).toThrow(
      "model.forward: B: expected an integer from 0 to 2 (the model's capacity), got 5",
    );
    expect(() => m.forward(1.5, 'eval')).toThrow('model.forward: B');
    expect(() => m.backward(new Float64Array(3), 3)).toThrow('model.backward: B');
  });

  it('refuses --residual widths that never match, naming createModel and residual', () => {
    expect(() => build({ ...spec, hidden: [3, 4], residual: true })).toThrow(
      /^createModel: residual: expected/,
    );
  });
});
