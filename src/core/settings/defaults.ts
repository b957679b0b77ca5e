// The defaults, read off the table.

import { SETTINGS } from './table.js';
import type { SettingKey, TrainConfig } from './types.js';

/** depth and width are settings but not config fields: they resolve into hidden. */
export const isConfigKey = (key: SettingKey): key is keyof TrainConfig => key !== 'depth' && key !== 'width';

export const DEFAULTS: TrainConfig = Object.fromEntries(
  SETTINGS.filter((s) => isConfigKey(s.key)).map((s) => [s.key, s.default]),
) as unknown as TrainConfig;

/** steps when neither --steps nor --epochs is given */
export const DEFAULT_STEPS = 500;
