// Which settings the lab shows, and what it accepts for each: the settings' own rules, with the lab's
// tighter ranges (the depth 1–100, width 1–256, samples 10–5000) and its dataset picker.

import {
  GENERATORS,
  isCsvSource,
  type NumberRange,
  narrow,
  type Rule,
  type SettingValue,
  settingOf,
  UsageError,
} from '../../src/index.js';
export const GENERATOR_NAMES = Object.keys(GENERATORS);

/** The lab's settings, in the table's order. */
export const STATE_KEYS = [
  'data',
  'samples',
  'noise',
  'dataSeed',
  'valSplit',
  'features',
  'depth',
  'width',
  'activation',
  'init',
  'norm',
  'residual',
  'residualScale',
  'loss',
  'batchSize',
  'lr',
  'optimizer',
  'seed',
  'l2',
  'l1',
  'weightDecay',
  'dropout',
  'clipNorm',
] as const;

export type StateKey = (typeof STATE_KEYS)[number];

/** Where the lab is stricter than the CLI. */
const LAB_RANGES: Readonly<Partial<Record<StateKey, NumberRange>>> = {
  samples: { min: 10, max: 5000 },
  depth: { min: 1, max: 100 },
  width: { max: 256 },
  lr: { max: 100 },
  batchSize: { max: 5000 },
  seed: { max: 2 ** 31 - 1 },
  dataSeed: { max: 2 ** 31 - 1 },
};

/** A generator, or the name of an uploaded .csv (a link cannot carry the file itself). */
const dataRule: Rule<string> = {
  kind: 'choice',
  choices: GENERATOR_NAMES,
  expected: `one of ${GENERATOR_NAMES.join(', ')} or an uploaded .csv`,
  parse(name, value) {
    const text = String(value);
    if (!GENERATOR_NAMES.includes(text) && !isCsvSource(text))
      throw new UsageError(name, dataRule.expected, text);
    return text;
  },
  format: String,
};

/**
 * The feature toggles: no box ticked but x₁ and x₂ is the data as given (null), so the default link
 * stays short; '' is null too (the toggles of a data set without an x₁, x₂ plane).
 */
const featuresRule: Rule<SettingValue<'features'>> = ((): Rule<SettingValue<'features'>> => {
  const core = settingOf('features').rule;
  return {
    ...core,
    parse(name, value) {
      if (value === '' || value === null || value === undefined) return null;
      const parsed = core.parse(name, value);
      return parsed !== null && parsed.join(',') === 'x1,x2' ? null : parsed;
    },
  };
})();

function labRule<K extends StateKey>(key: K): Rule<SettingValue<K>> {
  if (key === 'data') return dataRule as Rule<SettingValue<K>>;
  if (key === 'features') return featuresRule as Rule<SettingValue<K>>;
  const rule = settingOf(key).rule;
  // NOTE: activation and init specs stay as typed; the core checks them (checkState), naming the flag
  if (rule.kind === 'spec') return { ...rule, parse: (_name, value) => String(value) as SettingValue<K> };
  const range = LAB_RANGES[key];
  const ranged = range ? narrow(rule, range) : rule;
  // an empty field is the setting's null (Data seed: the Seed's own draw)
  if (ranged.kind === 'or' && ranged.word === null)
    return {
      ...ranged,
      parse: (name, value) => (value === '' ? (null as SettingValue<K>) : ranged.parse(name, value)),
    };
  return ranged;
}

/** What each lab field accepts; parse errors name the setting key (the lab's URL and form say keys). */
export const FIELD_RULES: { readonly [K in StateKey]: Rule<SettingValue<K>> } = Object.fromEntries(
  STATE_KEYS.map((k) => [k, labRule(k)]),
) as { [K in StateKey]: Rule<SettingValue<K>> };
