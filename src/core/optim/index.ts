import { UsageError } from '../errors.js';
import type { Model } from '../model.js';
import { OPTIMIZER_NAMES, type Optimizer, type OptimizerConfig } from './optimizer.js';
import { createSgd } from './sgd.js';

export function createOptimizer(model: Model, cfg: OptimizerConfig): Optimizer {
  switch (cfg.optimizer) {
    case 'sgd':
      return createSgd(model, cfg);
    default:
      throw new UsageError('--optimizer', `one of ${OPTIMIZER_NAMES.join(', ')}`, cfg.optimizer);
  }
}
