// The settings: one table (flag, lab label, rule, default, help) and the configuration it resolves.

export { DEFAULT_STEPS, DEFAULTS, isConfigKey } from './defaults.js';
export { settingError } from './error.js';
export { describeRange, type NumberRange, parseNumber } from './number.js';
export { resolveConfig } from './resolve.js';
export {
  bool,
  choice,
  narrow,
  number,
  or,
  type Rule,
  type RuleShape,
  spec,
  subset,
  text,
  widths,
} from './rules.js';
export {
  FEATURE_NAMES,
  type FeatureName,
  MAX_CONSECUTIVE_SKIPS,
  NON_FINITE_ACTIONS,
  PROBE_MODES,
  SETTING_KEYS,
  SETTINGS,
  settingOf,
} from './table.js';
export type {
  ConfigInput,
  Setting,
  SettingGroup,
  SettingKey,
  SettingValue,
  TrainConfig,
} from './types.js';
