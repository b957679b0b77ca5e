// Plain SGD with decoupled weight decay.
// reference: the notes' simplified update W ← (1 − ηλ)W − η·∇Div (the notes print (1 − λ); the factor
// is (1 − ηλ), since the λW term is multiplied by η like the rest of the gradient).
// The loop is a kernel (src/core/kernels/update.ts), so the WASM set runs it in one call.

import type { Model } from '../model.js';
import { decayMask, type Optimizer, type OptimizerConfig, updateKernels } from './optimizer.js';

export function createSgd(model: Model, cfg: OptimizerConfig): Optimizer {
  const { params, grads } = model;
  const mask = decayMask(model);
  const update = updateKernels(model);
  const lr = cfg.lr;
  const shrink = 1 - lr * cfg.weightDecay;
  return {
    buffers: {},
    step() {
      update.sgd(params, grads, mask, lr, shrink);
    },
  };
}
