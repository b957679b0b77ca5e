// The decision boundary of a binary classifier on 2D data: P(class 1) = σ(logit) over a grid that
// covers the training points, for the overfitting experiment's pictures.
// G = resolution² grid points, evaluated in chunks of the model's capacity.

import type { Dataset } from '../dataset.js';
import { dataExtent, forEachPrediction, predictedProbability } from '../predict.js';
import type { Trainer } from '../train/trainer.js';
import type { FieldChart } from './types.js';

export function boundaryField(trainer: Trainer, ds: Dataset, resolution: number, title: string): FieldChart {
  const { model } = trainer;
  const O = model.spec.outputDim;
  const [x0, x1, y0, y1] = dataExtent(ds);
  const extent = [x0, x1, y0, y1] as const;
  const n = resolution;
  const values = new Array<number>(n * n);
  const dx = (x1 - x0) / n;
  const dy = (y1 - y0) / n;
  forEachPrediction(
    model,
    n * n,
    (input, r, g) => {
      // row-major, row 0 at y0: cell centres
      input[2 * r] = x0 + ((g % n) + 0.5) * dx;
      input[2 * r + 1] = y0 + (Math.floor(g / n) + 0.5) * dy;
    },
    (out, r, g) => {
      values[g] = predictedProbability(trainer.plan.loss, out, r, O);
    },
  );
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
