// Adam with bias correction and decoupled weight decay (so --optimizer adam --weight-decay λ is AdamW):
//   W ← (1 − ηλ)·W
//   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
//   W ← W − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
// reference: torch.optim.AdamW(lr, betas=(β₁, β₂), eps, weight_decay=λ, amsgrad=False) single-tensor path;
// with λ = 0 it is torch.optim.Adam. PyTorch's Adam(weight_decay=λ) is the coupled form: use --l2 λ.
// The loop is a kernel (src/core/kernels/update.ts: adam); ε sits after the bias-corrected √v there.

import type { Model } from '../model.js';
import { decayMask, type Optimizer, type OptimizerConfig, updateKernels } from './optimizer.js';

export function createAdam(model: Model, cfg: OptimizerConfig): Optimizer {
  const { params, grads } = model;
  const mask = decayMask(model);
  const update = updateKernels(model);
  const { lr, beta1, beta2, eps } = cfg;
  const shrink = 1 - lr * cfg.weightDecay;
  const m = model.kernels.alloc(model.dtype, params.length); // (P) first moment
  const v = model.kernels.alloc(model.dtype, params.length); // (P) second moment
  return {
    buffers: { m, v },
    step(t: number) {
      const stepSize = lr / (1 - beta1 ** t);
      const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
      update.adam(params, grads, m, v, mask, stepSize, bc2Sqrt, beta1, beta2, eps, shrink);
    },
  };
}
