// The three training workloads of issue 6 for bench/baseline.js (gradscope alone), with seeded synthetic
// data. bench/compare/workloads.js holds the same shapes for the side-by-side run against the peers.

import { createRng } from '../dist/core/rng.js';

export const WORKLOADS = {
  'W1 2-8-8-1 tanh b10': {
    inputDim: 2,
    hidden: [8, 8],
    outputDim: 1,
    activation: 'tanh',
    init: 'xavier-normal',
    loss: 'mse',
    batch: 10,
  },
  'W2 784-256-256-10 ReLU CE b128': {
    inputDim: 784,
    hidden: [256, 256],
    outputDim: 10,
    activation: 'relu',
    init: 'he-normal',
    loss: 'ce',
    batch: 128,
  },
  'W3 32→20×32 ReLU b64': {
    inputDim: 32,
    hidden: Array.from({ length: 20 }, () => 32),
    outputDim: 1,
    activation: 'relu',
    init: 'he-normal',
    loss: 'mse',
    batch: 64,
  },
};

/** n examples: x uniform in [0, 1); y a class label for 'ce', else a smooth target in [−1, 1]. */
export function syntheticDataset(w, n, seed = 1) {
  const rng = createRng(seed);
  const x = new Float64Array(n * w.inputDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] =
      w.loss === 'ce' ? rng.int(w.outputDim) : Math.sin(3 * x[i * w.inputDim] - 2 * x[i * w.inputDim + 1]);
  }
  const classification = w.loss === 'ce';
  return {
    name: 'synthetic',
    x,
    y,
    n,
    inputDim: w.inputDim,
    targetDim: 1,
    task: classification ? 'multiclass' : 'regression',
    ...(classification ? { numClasses: w.outputDim } : {}),
  };
}

/** The gradscope settings of a workload (feed to resolveConfig with the run's own lr, steps, …). */
export function workloadSettings(w) {
  return {
    hidden: w.hidden,
    activation: w.activation,
    init: w.init,
    loss: w.loss,
    batchSize: w.batch,
    valSplit: 0,
  };
}

export { median } from './stats.js';
