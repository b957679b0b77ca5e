// The settings layer speaks in flags: a bad setting is a UsageError naming the setting's flag.

import { UsageError } from '../errors.js';
import { settingOf } from './table.js';
import type { SettingKey } from './types.js';

/** `--lr: expected a number > 0, got "0"` for settingError('lr', 'a number > 0', '0'). */
export function settingError(key: SettingKey, expected: string, actual: unknown): UsageError {
  return new UsageError(settingOf(key).flag, expected, actual);
}
