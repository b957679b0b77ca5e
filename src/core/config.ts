// The training configuration, as its importers knew it: see settings/ for the one table of settings.

export {
  type ConfigInput,
  DEFAULT_STEPS,
  DEFAULTS,
  parseNumber,
  resolveConfig,
  type TrainConfig,
} from './settings/index.js';
