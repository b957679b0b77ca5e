// SGD with heavy-ball momentum (dampening 0) and decoupled weight decay:
//   W ← (1 − ηλ)·W;  buf ← μ·buf + g (buf = g on the first step);  W ← W − η·buf
// reference: torch.optim.SGD(momentum=μ, dampening=0, nesterov=False), with its coupled weight_decay
// replaced by the decoupled (1 − ηλ) shrink of --weight-decay (use --l2 for PyTorch's coupled form).

import type { Model } from '../model.js';
import { allocVec } from '../tensor.js';
import { decayMask, type Optimizer, type OptimizerConfig } from './optimizer.js';

export function createMomentum(model: Model, cfg: OptimizerConfig, nesterov = false): Optimizer {
  const { params, grads } = model;
  const mask = decayMask(model);
  const { lr, momentum: mu } = cfg;
  const shrink = 1 - lr * cfg.weightDecay;
  // NOTE: starting the buffer at 0 makes μ·0 + g = g, PyTorch's first-step buf = g, with no branch
  const buf = allocVec(model.dtype, params.length); // (P)
  return {
    buffers: { momentum: buf },
    step() {
      for (let i = 0; i < params.length; i++) {
        const g = grads[i]!;
        const b = mu * buf[i]! + g;
        buf[i] = b;
        const w = mask[i] ? params[i]! * shrink : params[i]!;
        params[i] = w - lr * (nesterov ? g + mu * b : b);
      }
    },
  };
}
