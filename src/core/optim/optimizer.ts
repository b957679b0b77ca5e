// Optimizers update the model's flat parameter buffer from its flat gradient buffer in one loop.

import { referenceUpdate, type UpdateKernels } from '../kernels/update.js';
import type { Model } from '../model.js';
import type { Vec } from '../tensor.js';

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'];

export interface OptimizerConfig {
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** decoupled weight decay λ: W ← W − η·λ·W (Dense weights only) */
  readonly weightDecay: number;
}

export interface Optimizer {
  /** apply one update from model.grads; t counts from 1 */
  step(t: number): void;
  /** the optimizer's state by name, e.g. Adam's m and v, each (P): what a checkpoint must keep */
  readonly buffers: Readonly<Record<string, Vec>>;
}

/** 1 where decoupled weight decay applies (Dense weights), 0 elsewhere. */
export function decayMask(model: Model): Uint8Array {
  const mask = updateKernels(model).allocMask(model.params.length);
  for (const t of model.tensors) if (t.decay) mask.fill(1, t.offset, t.offset + t.size);
  return mask;
}

/** The model's kernel set's update loops, or the plain reference ones. */
export function updateKernels(model: Model): UpdateKernels {
  return model.kernels.update ?? referenceUpdate;
}
