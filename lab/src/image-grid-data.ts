// The worker's side of the image grid: which validation images it shows, their pixels for drawing, and
// the network's predicted class of each through the core's eval-mode forward (forEachPrediction,
// argmaxRow). The page only paints what this computes. No DOM.
// G = images in the grid, P = pixels an image (28 × 28)

import {
  argmaxRow,
  DATA_SETS,
  type Dataset,
  forEachPrediction,
  isDataSetName,
  type Trainer,
} from '../../src/index.js';

/** the grid's size: 8 columns × 6 rows of the first validation images */
export const GRID_COLUMNS = 8;
export const GRID_ROWS = 6;
export const IMAGE_SIDE = 28;

export interface ImageSet {
  readonly n: number;
  readonly side: number;
  /** (G, P) grey levels 0–255 for drawing: each image stretched to its own min–max (display only) */
  readonly pixels: Uint8ClampedArray;
  /** (G) the true class of each */
  readonly labels: Uint8Array;
  readonly classNames: readonly string[];
}

export interface GridPredictions {
  /** the step the weights are at */
  readonly step: number;
  /** (G) the predicted class of each image */
  readonly predicted: Uint8Array;
}

/** The first GRID_COLUMNS × GRID_ROWS rows of the validation set of an image data set; null otherwise. */
export function imageSetOf(data: string, val: Dataset | null): ImageSet | null {
  if (!val || !isDataSetName(data) || !DATA_SETS[data].pixels) return null;
  const P = IMAGE_SIDE * IMAGE_SIDE;
  if (val.inputDim !== P) return null;
  const n = Math.min(val.n, GRID_COLUMNS * GRID_ROWS);
  const pixels = new Uint8ClampedArray(n * P);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // NOTE: stretched per image so that standardized inputs (--standardize on) still draw as pictures
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < P; j++) {
      const v = val.x[i * P + j]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi > lo ? hi - lo : 1;
    for (let j = 0; j < P; j++) pixels[i * P + j] = Math.round((255 * (val.x[i * P + j]! - lo)) / span);
    labels[i] = val.y[i]!;
  }
  return { n, side: IMAGE_SIDE, pixels, labels, classNames: DATA_SETS[data].classNames };
}

/** The predicted class of each of the first `n` validation rows, at the trainer's current weights. */
export function predictGrid(trainer: Trainer, n: number): GridPredictions {
  const { model } = trainer;
  const val = trainer.data.val!;
  const D = val.inputDim;
  const O = model.spec.outputDim;
  const predicted = new Uint8Array(n);
  forEachPrediction(
    model,
    n,
    (input, row, i) => {
      for (let j = 0; j < D; j++) input[row * D + j] = val.x[i * D + j]!;
    },
    (out, row, i) => {
      predicted[i] = argmaxRow(out, row, O);
    },
  );
  return { step: trainer.stepCount, predicted };
}
