// Which settings the lab shows, and what it accepts for each: the settings' own rules, with the lab's
// tighter ranges (the depth 1–100, width 1–300, samples 10–5000, an image set's sizes ≤ 10,000)
// and its dataset picker (the generators and the image sets the lab server serves).

import {
  GENERATORS,
  isCsvSource,
  type NumberRange,
  narrow,
  or,
  type Rule,
  type SettingValue,
  settingOf,
  UsageError,
} from '../../src/index.js';
import { LAB_DATA_SETS, LAB_MAX_ROWS } from './image-data.js';

export const GENERATOR_NAMES = Object.keys(GENERATORS);
/** the Dataset choices: the generators, then the image sets the lab server serves */
const DATA_NAMES: readonly string[] = [...GENERATOR_NAMES, ...LAB_DATA_SETS];

/** The lab's settings, in the table's order. */
export const STATE_KEYS = [
  'data',
  'samples',
  'noise',
  'dataSeed',
  'valSplit',
  'trainSize',
  'valSize',
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
  // NOTE: 300, not the 256: "Vanishing on real images" is deeplearning.ai's 784-300-…-10 net
  width: { max: 300 },
  // an image set's rows: a lab run evaluates all of them at every logged step
  trainSize: { max: LAB_MAX_ROWS },
  valSize: { max: LAB_MAX_ROWS },
  lr: { max: 100 },
  batchSize: { max: 5000 },
  seed: { max: 2 ** 31 - 1 },
  dataSeed: { max: 2 ** 31 - 1 },
};

/** A generator, or the name of an uploaded .csv (a link cannot carry the file itself). */
const dataRule: Rule<string> = {
  kind: 'choice',
  choices: DATA_NAMES,
  expected: `one of ${DATA_NAMES.join(', ')} or an uploaded .csv`,
  parse(name, value) {
    const text = String(value);
    if (!DATA_NAMES.includes(text) && !isCsvSource(text)) throw new UsageError(name, dataRule.expected, text);
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
  // "all" in the form and the URL for a setting whose default is null (every row)
  if ((key === 'trainSize' || key === 'valSize') && ranged.kind === 'or')
    return or('all', null, ranged.inner) as Rule<SettingValue<K>>;
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
