import { UsageError } from '../errors.js';
import type { Model } from '../model.js';
import { createAdam } from './adam.js';
import { createAdamW } from './adamw.js';
import { createMomentum } from './momentum.js';
import { createNesterov } from './nesterov.js';
import { OPTIMIZER_NAMES, type Optimizer, type OptimizerConfig } from './optimizer.js';
import { createSgd } from './sgd.js';

export function createOptimizer(model: Model, cfg: OptimizerConfig): Optimizer {
  switch (cfg.optimizer) {
    case 'sgd':
      return createSgd(model, cfg);
    case 'momentum':
      return createMomentum(model, cfg);
    case 'nesterov':
      return createNesterov(model, cfg);
    case 'adam':
      return createAdam(model, cfg);
    case 'adamw':
      return createAdamW(model, cfg);
    default:
      throw new UsageError(
        'createOptimizer: optimizer',
        `one of ${OPTIMIZER_NAMES.join(', ')}`,
        cfg.optimizer,
      );
  }
}
