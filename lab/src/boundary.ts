// What the model predicts over the plotted region: a grid of class probabilities for 2-D inputs, a curve
// for 1-D regression. Runs in the worker through the model's own eval-mode forward; the page only paints.

import {
  argmaxRow,
  type Extent,
  encodePoint,
  type FeatureName,
  forEachPrediction,
  predictedProbability,
  type Trainer,
} from '../../src/index.js';
import type { Boundary } from './protocol.js';

/**
 * Write cell i of an n × n grid over the extent (row 0 at the top) into input row `row`: its (x₁, x₂), or
 * the model's features of it.
 */
export function fillGridPoint(
  input: { [i: number]: number },
  row: number,
  i: number,
  n: number,
  [x0, x1, y0, y1]: Extent,
  features: readonly FeatureName[] | null,
): void {
  const c = i % n;
  const r = (i - c) / n;
  const px = x0 + ((x1 - x0) * (c + 0.5)) / n;
  const py = y1 - ((y1 - y0) * (r + 0.5)) / n;
  if (features) encodePoint(features, px, py, input, row);
  else {
    input[row * 2] = px;
    input[row * 2 + 1] = py;
  }
}

/**
 * Predict over the extent. Grid row r covers y from the top (y1) down; each cell holds p(class 1) for bce,
 * the winning class's probability for ce, or the raw output clamped to [0, 1] for mse on labels.
 */
export function computeBoundary(
  trainer: Trainer,
  extent: Extent,
  n: number,
  features: readonly FeatureName[] | null = null,
): Boundary {
  const { model } = trainer;
  const D = model.spec.inputDim;
  const O = model.spec.outputDim;
  const task = trainer.data.train.task;
  const [x0, x1] = extent;
  if (task === 'regression' && D === 1) {
    const values = new Float32Array(n);
    forEachPrediction(
      model,
      n,
      (input, row, i) => {
        input[row] = x0 + ((x1 - x0) * i) / (n - 1);
      },
      (out, row, i) => {
        values[i] = out[row * O]!;
      },
    );
    return { kind: 'curve', n, values, classes: new Uint8Array(0) };
  }
  // with --features the model's inputs are computed from each grid point (x₁, x₂)
  if ((features === null && D !== 2) || task === 'regression')
    return { kind: 'none', n: 0, values: new Float32Array(0), classes: new Uint8Array(0) };
  const cells = n * n;
  const values = new Float32Array(cells);
  const classes = new Uint8Array(task === 'multiclass' ? cells : 0);
  const lossName = trainer.plan.loss;
  forEachPrediction(
    model,
    cells,
    (input, row, i) => fillGridPoint(input, row, i, n, extent, features),
    (out, row, i) => {
      const p = predictedProbability(lossName, out, row, O);
      // mse on labels: the raw output, clamped to the colour scale
      values[i] = lossName === 'mse' ? Math.min(1, Math.max(0, p)) : p;
      if (lossName === 'ce') classes[i] = argmaxRow(out, row, O);
    },
  );
  return { kind: 'grid', n, values, classes };
}
