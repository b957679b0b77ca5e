// SGD with heavy-ball momentum (dampening 0) and decoupled weight decay:
//   W ← (1 − ηλ)·W;  buf ← μ·buf + g (buf = g on the first step);  W ← W − η·buf
// reference: torch.optim.SGD(momentum=μ, dampening=0, nesterov=False), with its coupled weight_decay
// replaced by the decoupled (1 − ηλ) shrink of --weight-decay (use --l2 for PyTorch's coupled form).
// The loop is a kernel (src/core/kernels/update.ts: momentum).

import type { Model } from '../model.js';
import { decayMask, type Optimizer, type OptimizerConfig, updateKernels } from './optimizer.js';

export function createMomentum(model: Model, cfg: OptimizerConfig, nesterov = false): Optimizer {
  const { params, grads } = model;
  const mask = decayMask(model);
  const update = updateKernels(model);
  const { lr, momentum: mu } = cfg;
  const shrink = 1 - lr * cfg.weightDecay;
  // NOTE: starting the buffer at 0 makes μ·0 + g = g, PyTorch's first-step buf = g, with no branch
  const buf = model.kernels.alloc(model.dtype, params.length); // (P)
  return {
    buffers: { momentum: buf },
    step() {
      update.momentum(params, grads, buf, mask, lr, shrink, mu, nesterov);
    },
  };
}
