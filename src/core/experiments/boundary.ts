// The decision boundary of a binary classifier on 2D data: P(class 1) = σ(logit) over a grid that
// covers the training points, for the overfitting experiment's pictures.
// G = resolution² grid points, evaluated in chunks of the model's capacity.

import type { Dataset } from '../data/types.js';
import type { Trainer } from '../train/trainer.js';
import type { FieldChart } from './types.js';

/** Padding around the data's bounding box, as a fraction of its extent. */
const PAD = 0.1;

export function boundaryField(trainer: Trainer, ds: Dataset, resolution: number, title: string): FieldChart {
  const { model } = trainer;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ds.n; i++) {
    x0 = Math.min(x0, ds.x[2 * i]!);
    x1 = Math.max(x1, ds.x[2 * i]!);
    y0 = Math.min(y0, ds.x[2 * i + 1]!);
    y1 = Math.max(y1, ds.x[2 * i + 1]!);
  }
  const px = (x1 - x0) * PAD;
  const py = (y1 - y0) * PAD;
  const extent = [x0 - px, x1 + px, y0 - py, y1 + py] as const;
  const n = resolution;
  const values = new Array<number>(n * n);
  const dx = (extent[1] - extent[0]) / n;
  const dy = (extent[3] - extent[2]) / n;
  for (let start = 0; start < n * n; start += model.capacity) {
    const B = Math.min(model.capacity, n * n - start);
    for (let r = 0; r < B; r++) {
      const g = start + r; // row-major, row 0 at y0: cell centres
      model.input[2 * r] = extent[0] + ((g % n) + 0.5) * dx;
      model.input[2 * r + 1] = extent[2] + (Math.floor(g / n) + 0.5) * dy;
    }
    const logits = model.forward(B, 'eval');
    for (let r = 0; r < B; r++) values[start + r] = 1 / (1 + Math.exp(-logits[r]!));
  }
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < ds.n; i++) {
    xs.push(ds.x[2 * i]!);
    ys.push(ds.x[2 * i + 1]!);
    labels.push(ds.y[i]!);
  }
  return { kind: 'field', title, extent, resolution: n, values, points: { x: xs, y: ys, label: labels } };
}
