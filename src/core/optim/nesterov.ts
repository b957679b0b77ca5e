// SGD with Nesterov momentum in PyTorch's form: buf ← μ·buf + g, then W ← W − η·(g + μ·buf),
// with the same decoupled (1 − ηλ) weight decay as the other optimizers.
// reference: torch.optim.SGD(momentum=μ, dampening=0, nesterov=True)

import type { Model } from '../model.js';
import { createMomentum } from './momentum.js';
import type { Optimizer, OptimizerConfig } from './optimizer.js';

export function createNesterov(model: Model, cfg: OptimizerConfig): Optimizer {
  return createMomentum(model, cfg, true);
}
