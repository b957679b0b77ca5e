// What the model predicts over the plotted region: a grid of class probabilities for 2-D inputs, a curve
// for 1-D regression. Runs in the worker through the model's own eval-mode forward; the page only paints.

import { sigmoidScalar } from '../../src/core/activations.js';
import type { Trainer } from '../../src/core/train/trainer.js';
import type { Boundary } from './protocol.js';

export type Extent = readonly [number, number, number, number];

/** The data's bounding box, padded 10% (and at least ±1 around a flat axis). */
export function dataExtent(x: Float64Array, y: Float64Array, n: number, dim: number): Extent {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = x[i * dim]!;
    const b = dim >= 2 ? x[i * dim + 1]! : y[i]!;
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, a);
    y0 = Math.min(y0, b);
    y1 = Math.max(y1, b);
  }
  const pad = (lo: number, hi: number): [number, number] => {
    const m = hi - lo > 0 ? (hi - lo) * 0.1 : 1;
    return [lo - m, hi + m];
  };
  const [a0, a1] = pad(x0, x1);
  const [b0, b1] = pad(y0, y1);
  return [a0, a1, b0, b1];
}

/**
 * Predict over the extent. Grid row r covers y from the top (y1) down; each cell holds p(class 1) for bce,
 * the winning class's probability for ce, or the raw output clamped to [0, 1] for mse on labels.
 */
export function computeBoundary(trainer: Trainer, extent: Extent, n: number): Boundary {
  const { model } = trainer;
  const D = model.spec.inputDim;
  const O = model.spec.outputDim;
  const task = trainer.data.train.task;
  const [x0, x1, y0, y1] = extent;
  if (task === 'regression' && D === 1) {
    const values = new Float32Array(n);
    forEachChunk(
      trainer,
      n,
      (row, i) => {
        model.input[row] = x0 + ((x1 - x0) * i) / (n - 1);
      },
      (out, row, i) => {
        values[i] = out[row * O]!;
      },
    );
    return { kind: 'curve', n, values, classes: new Uint8Array(0) };
  }
  if (D !== 2 || task === 'regression')
    return { kind: 'none', n: 0, values: new Float32Array(0), classes: new Uint8Array(0) };
  const cells = n * n;
  const values = new Float32Array(cells);
  const classes = new Uint8Array(task === 'multiclass' ? cells : 0);
  const lossName = trainer.lossName;
  forEachChunk(
    trainer,
    cells,
    (row, i) => {
      const c = i % n;
      const r = (i - c) / n;
      model.input[row * 2] = x0 + ((x1 - x0) * (c + 0.5)) / n;
      model.input[row * 2 + 1] = y1 - ((y1 - y0) * (r + 0.5)) / n;
    },
    (out, row, i) => {
      if (lossName === 'bce') values[i] = sigmoidScalar(out[row]!);
      else if (lossName === 'ce') {
        // softmax's largest probability = 1 / Σ exp(z_k − z_max)
        let best = 0;
        for (let k = 1; k < O; k++) if (out[row * O + k]! > out[row * O + best]!) best = k;
        let s = 0;
        for (let k = 0; k < O; k++) s += Math.exp(out[row * O + k]! - out[row * O + best]!);
        values[i] = 1 / s;
        classes[i] = best;
      } else values[i] = Math.min(1, Math.max(0, out[row * O]!));
    },
  );
  return { kind: 'grid', n, values, classes };
}

/** Fill model.input rows in chunks of the model's capacity, run forward (eval), read each row out. */
function forEachChunk(
  trainer: Trainer,
  total: number,
  fill: (row: number, i: number) => void,
  read: (out: ArrayLike<number>, row: number, i: number) => void,
): void {
  const cap = trainer.model.capacity;
  for (let start = 0; start < total; start += cap) {
    const count = Math.min(cap, total - start);
    for (let r = 0; r < count; r++) fill(r, start + r);
    const out = trainer.model.forward(count, 'eval');
    for (let r = 0; r < count; r++) read(out, r, start + r);
  }
}
