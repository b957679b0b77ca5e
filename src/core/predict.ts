// What a model predicts, for pictures of it: the padded region around the data, the model run over many
// points in eval mode, and its output read as a probability. The lab's boundary view and the experiments'
// boundary images both draw from here.

import type { Dataset } from './dataset.js';
import type { LossName } from './losses.js';
import type { Model } from './model.js';

/** [x0, x1, y0, y1] */
export type Extent = readonly [number, number, number, number];

/** Padding around the data's bounding box, as a fraction of its extent (±1 around a flat axis). */
export const EXTENT_PAD = 0.1;

/** The data's bounding box, padded: x1 × x2 for 2-D inputs, x × y for 1-D regression. */
export function dataExtent(ds: Dataset): Extent {
  const D = ds.inputDim;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ds.n; i++) {
    const a = ds.x[i * D]!;
    const b = D >= 2 ? ds.x[i * D + 1]! : ds.y[i * ds.targetDim]!;
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, a);
    y0 = Math.min(y0, b);
    y1 = Math.max(y1, b);
  }
  const padX = x1 - x0 > 0 ? (x1 - x0) * EXTENT_PAD : 1;
  const padY = y1 - y0 > 0 ? (y1 - y0) * EXTENT_PAD : 1;
  return [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
}

/**
 * Run the model (eval mode) over `total` points in chunks of its capacity: `fill` writes point i into
 * input row `row`, `read` takes the outputs of row `row` for point i.
 */
export function forEachPrediction(
  model: Model,
  total: number,
  fill: (input: Float32Array | Float64Array, row: number, i: number) => void,
  read: (out: ArrayLike<number>, row: number, i: number) => void,
): void {
  const cap = model.capacity;
  for (let start = 0; start < total; start += cap) {
    const count = Math.min(cap, total - start);
    for (let r = 0; r < count; r++) fill(model.input, r, start + r);
    const out = model.forward(count, 'eval');
    for (let r = 0; r < count; r++) read(out, r, start + r);
  }
}

/** The index of the largest of the O outputs of a row. */
export function argmaxRow(out: ArrayLike<number>, row: number, O: number): number {
  let best = 0;
  for (let k = 1; k < O; k++) if (out[row * O + k]! > out[row * O + best]!) best = k;
  return best;
}

/**
 * The row's prediction as a probability: P(class 1) = σ(z) for bce, the winning class's softmax probability
 * 1 / Σ_k exp(z_k − z_max) for ce, and the raw output for mse.
 */
export function predictedProbability(loss: LossName, out: ArrayLike<number>, row: number, O: number): number {
  if (loss === 'bce') {
    // NOTE: written so exp never overflows for large |z|
    const z = out[row * O]!;
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
  if (loss === 'ce') {
    const top = out[row * O + argmaxRow(out, row, O)]!;
    let s = 0;
    for (let k = 0; k < O; k++) s += Math.exp(out[row * O + k]! - top);
    return 1 / s;
  }
  return out[row * O]!;
}
