// The lab's settings as plain data: what the controls show, what the URL holds, and the one function
// that turns them into a core ConfigInput. The keys and values are the settings' own (valSplit,
// batchSize 'full' | b, clipNorm null, residualScale 'auto'), so a fix applies to a state by key.
// Validation is the settings' rules with the lab's ranges (fields.ts), then the core's resolveConfig.

import {
  type ConfigInput,
  resolveConfig,
  type SettingValue,
  settingOf,
  type TrainConfig,
  UsageError,
} from '../../src/index.js';
import { FIELD_RULES, STATE_KEYS, type StateKey } from './fields.js';
import { fromLegacy } from './legacy.js';

export { GENERATOR_NAMES, STATE_KEYS, type StateKey } from './fields.js';
export type { BatchMode } from './legacy.js';

export type LabState = { readonly [K in StateKey]: SettingValue<K> };

export const DEFAULT_STATE: LabState = Object.fromEntries(
  STATE_KEYS.map((k) => [k, settingOf(k).default]),
) as LabState;

/** How often (in steps) the run records a history entry, a heatmap column and a curve point. */
export const LAB_LOG_EVERY = 10;

/** The core configuration of a lab state. */
export function toConfigInput(s: LabState): ConfigInput {
  return { ...s, logEvery: LAB_LOG_EVERY };
}

/**
 * Parse raw text values (from the URL or the form) over a base state. Throws UsageError naming the
 * setting, what it expected and what it got; on success the result has passed resolveConfig.
 */
export function parseState(raw: Readonly<Record<string, string>>, base: LabState = DEFAULT_STATE): LabState {
  const out: Record<string, unknown> = { ...base };
  for (const [key, text] of Object.entries(fromLegacy(raw, base.batchSize))) {
    if (!(STATE_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(`setting ${JSON.stringify(key)}`, `one of ${STATE_KEYS.join(', ')}`, key);
    }
    out[key] = FIELD_RULES[key as StateKey].parse(key, text);
  }
  const state = out as LabState;
  checkState(state);
  return state;
}

/** Validate a whole state through the core (activation and init specs, cross-field rules). */
export function checkState(s: LabState): TrainConfig {
  return resolveConfig(toConfigInput(s));
}

/** The text of each setting, as the URL and the form hold it. */
export function stateToRecord(s: LabState): Record<StateKey, string> {
  const text = <K extends StateKey>(k: K): string => FIELD_RULES[k].format(s[k]);
  return Object.fromEntries(STATE_KEYS.map((k) => [k, text(k)])) as Record<StateKey, string>;
}

export function sameState(a: LabState, b: LabState): boolean {
  return STATE_KEYS.every((k) => a[k] === b[k]);
}
