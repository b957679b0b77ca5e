// Finite-difference gradient checks in float64: the independent truth every backward is held to.

import { type ConfigInput, resolveConfig } from '../../src/core/config.js';
import type { Dataset } from '../../src/core/dataset.js';
import type { Loss } from '../../src/core/losses.js';
import type { Model } from '../../src/core/model.js';
import { penalty } from '../../src/core/regularize.js';
import { createTrainer, type Trainer } from '../../src/core/train/trainer.js';

export interface TensorError {
  readonly name: string;
  readonly maxRelError: number;
}

/** max |a − n| / max(|a|, |n|, floor) — floor keeps exact zeros from dividing by 0 */
export function relError(a: number, n: number, floor = 1e-7): number {
  return Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
}

/**
 * Compare model.grads (already computed by the caller for `lossAt`) against 5-point central differences of
 * `lossAt()`, per tensor. `lossAt` must be a pure function of model.params.
 */
export function checkModelGrads(model: Model, lossAt: () => number, h = 1e-4): TensorError[] {
  const analytic = Float64Array.from(model.grads);
  const p = model.params;
  return model.tensors.map((t) => {
    let worst = 0;
    for (let i = t.offset; i < t.offset + t.size; i++) {
      const keep = p[i]!;
      const at = (dx: number): number => {
        p[i] = keep + dx;
        return lossAt();
      };
      // NOTE: the 5-point stencil has O(h⁴) truncation error, so h can be large enough (1e-4) that
      // float64 round-off in the loss (~1e-16/h) stays far below the 1e-6 relative tolerance.
      const numeric = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
      p[i] = keep;
      worst = Math.max(worst, relError(analytic[i]!, numeric));
    }
    return { name: t.name, maxRelError: worst };
  });
}

/** A float64 trainer on a fixed dataset with an unshuffled full batch. */
export function float64Trainer(input: ConfigInput, data: Dataset): Trainer {
  const config = resolveConfig({ dtype: 'float64', batchSize: 'full', valSplit: 0, ...input });
  return createTrainer(config, { train: data, val: null });
}

/**
 * Gradient check of a whole trainer's objective: mean data loss over the full batch plus the penalty.
 * Runs one probe (forward + backward, no update) and compares every tensor's gradient.
 */
export function gradcheckTrainer(trainer: Trainer, mode: 'train' | 'eval' = 'train'): TensorError[] {
  trainer.gradients();
  const { model, loss, config } = trainer;
  const ds = trainer.data.train;
  return checkModelGrads(model, () =>
    objective(model, loss, ds, trainer.targets, config.l2, config.l1, mode),
  );
}

function objective(
  model: Model,
  loss: Loss,
  ds: Dataset,
  targets: Float64Array,
  l2: number,
  l1: number,
  mode: 'train' | 'eval',
): number {
  // the probe loaded the (shuffled) full batch into model.input and targets; reuse them as they are
  const O = model.spec.outputDim;
  const logits = model.forward(ds.n, mode);
  return loss.forwardBackward(logits, targets, ds.n, O, null) + penalty(model, l2, l1);
}

/** A small random dataset (deterministic) for gradient checks. */
export function randomDataset(
  n: number,
  inputDim: number,
  task: Dataset['task'],
  numClasses = 2,
  seed = 7,
): Dataset {
  let s = seed;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const x = Float64Array.from({ length: n * inputDim }, () => rand() * 2 - 1);
  const targetDim = task === 'regression' ? 2 : 1;
  const y = Float64Array.from({ length: n * targetDim }, () =>
    task === 'regression' ? rand() * 2 - 1 : Math.floor(rand() * numClasses),
  );
  return task === 'regression'
    ? { name: 'random', x, y, n, inputDim, targetDim, task }
    : { name: 'random', x, y, n, inputDim, targetDim, task, numClasses };
}
