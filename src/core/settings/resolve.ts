// Resolve a configuration: each setting parses on its own (from the table), then the rules that join
// settings apply (cross.ts). Throws UsageError naming the flag.

import { UsageError } from '../errors.js';
import { checkTogether, joinHidden, type Parsed } from './cross.js';
import { isConfigKey } from './defaults.js';
import { SETTINGS } from './table.js';
import type { ConfigInput, TrainConfig } from './types.js';

/** Resolve defaults and validate every field; throws UsageError naming the flag. */
export function resolveConfig(input: ConfigInput = {}): TrainConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError('resolveConfig: input', 'an object of settings', String(input));
  }
  const raw = input as Readonly<Record<string, unknown>>;
  const parsed: Record<string, unknown> = {};
  for (const s of SETTINGS) parsed[s.key] = s.rule.parse(s.flag, raw[s.key] ?? s.default);
  const values = parsed as Parsed;
  checkTogether(values, input);
  const config: Record<string, unknown> = {};
  for (const s of SETTINGS) if (isConfigKey(s.key)) config[s.key] = values[s.key];
  config.hidden = joinHidden(values, input);
  return config as unknown as TrainConfig;
}
