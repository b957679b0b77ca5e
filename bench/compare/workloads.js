// The three training workloads of issue 6, and the synthetic data every engine trains on.
// Identical for every engine: architecture, batch, learning rate (plain SGD, no momentum) and steps.

import { createRng } from '../../dist/core/rng.js';

/**
 * @typedef {{ id: string, title: string, inputDim: number, hidden: number[], outputDim: number,
 *   activation: 'tanh' | 'relu', loss: 'mse' | 'ce', batch: number, lr: number, steps: number,
 *   cliSteps: number, n: number }} Workload
 */

/** @type {Workload[]} */
export const WORKLOADS = [
  {
    id: 'W1',
    title: '2-8-8-1 tanh, MSE, b10',
    inputDim: 2,
    hidden: [8, 8],
    outputDim: 1,
    activation: 'tanh',
    loss: 'mse',
    batch: 10,
    lr: 0.01,
    steps: 1000,
    cliSteps: 4000,
    n: 1000,
  },
  {
    id: 'W2',
    title: '784-256-256-10 ReLU, softmax-CE, b128',
    inputDim: 784,
    hidden: [256, 256],
    outputDim: 10,
    activation: 'relu',
    loss: 'ce',
    batch: 128,
    lr: 0.01,
    steps: 8,
    cliSteps: 120,
    n: 1280,
  },
  {
    id: 'W3',
    title: '32→20×32→1 ReLU, MSE, b64',
    inputDim: 32,
    hidden: Array.from({ length: 20 }, () => 32),
    outputDim: 1,
    activation: 'relu',
    loss: 'mse',
    batch: 64,
    lr: 0.001,
    steps: 30,
    cliSteps: 1500,
    n: 1280,
  },
];

/** W3's shape at another depth (for the step-time-vs-depth sweep). */
export function w3AtDepth(depth) {
  const w3 = WORKLOADS[2];
  return { ...w3, id: `W3 d${depth}`, hidden: Array.from({ length: depth }, () => 32) };
}

/**
 * Seeded synthetic data: x (n, inputDim) in [0, 1); y is a class label 0..outputDim−1 for 'ce', else a
 * smooth regression target in [−1, 1] (so tanh and linear outputs can both fit it).
 * @param {Workload} w
 */
export function makeData(w, seed = 1) {
  const rng = createRng(seed);
  const x = new Float64Array(w.n * w.inputDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const y = new Float64Array(w.n);
  for (let i = 0; i < w.n; i++) {
    if (w.loss === 'ce') y[i] = rng.int(w.outputDim);
    else y[i] = Math.sin(3 * x[i * w.inputDim] - 2 * x[i * w.inputDim + 1]);
  }
  return { x, y };
}

/** Row i of x as a Float32Array, and y as a one-hot row for 'ce' or a [y] row for 'mse'. */
export function rows(w, data) {
  const xs = [];
  const ys = [];
  for (let i = 0; i < w.n; i++) {
    xs.push(Float32Array.from(data.x.subarray(i * w.inputDim, (i + 1) * w.inputDim)));
    const t = new Float32Array(w.outputDim);
    if (w.loss === 'ce') t[data.y[i]] = 1;
    else t[0] = data.y[i];
    ys.push(t);
  }
  return { xs, ys };
}
