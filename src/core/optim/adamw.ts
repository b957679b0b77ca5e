// AdamW: Adam with weight decay decoupled from the gradient (Loshchilov & Hutter), W ← (1 − ηλ)W first.
// reference: torch.optim.AdamW. Every gradscope optimizer already decays this way under --weight-decay, so
// `adamw` and `adam` are the same update; the name exists for users who think in PyTorch's terms.
// NOTE: --weight-decay defaults to 0 for every optimizer, unlike AdamW's 0.01 in PyTorch.

import type { Model } from '../model.js';
import { createAdam } from './adam.js';
import type { Optimizer, OptimizerConfig } from './optimizer.js';

export function createAdamW(model: Model, cfg: OptimizerConfig): Optimizer {
  return createAdam(model, cfg);
}
