// The sweep definition, W&B-shaped: a name, a method (grid or random), the metric and its goal, the base
// settings every trial shares and the swept parameters. Parsed from the file's JSON/YAML data (or a
// library caller's object) with zod for the shape, then every key and value through the SETTINGS table,
// so a sweep refuses exactly what `gradscope train` refuses. Every error is one UsageError line naming the
// key path, the expected and the actual value: `sweep.yaml: parameters.l2.values[2]: expected a number
// ≥ 0, got -1`.

import { UsageError } from '../errors.js';
import { formatPath, parseWith } from '../record/index.js';
import { type output, z } from '../record/zod.js';
import { SETTING_KEYS, type SettingKey, settingOf } from '../settings/index.js';
import { didYouMean } from '../suggest.js';
import { GOALS, METRIC_NAMES, type Metric } from './metric.js';

/** The most trials one sweep holds (a grid past it needs a run_cap). */
export const MAX_TRIALS = 100_000;

export const SWEEP_METHODS = ['grid', 'random'] as const;
export type SweepMethod = (typeof SWEEP_METHODS)[number];

export const DISTRIBUTIONS = ['uniform', 'log_uniform', 'int_uniform'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** One swept setting: a list of values, one fixed value, or a range (sampled, or `count` grid points). */
export type ParameterSpec =
  | { readonly kind: 'values'; readonly values: readonly unknown[] }
  | { readonly kind: 'value'; readonly value: unknown }
  | {
      readonly kind: 'range';
      readonly min: number;
      readonly max: number;
      readonly distribution: Distribution;
      /** grid points between min and max (grid only) */
      readonly count: number | null;
    };

export interface SweepDefinition {
  readonly name: string;
  readonly description: string | null;
  readonly method: SweepMethod;
  readonly metric: Metric;
  /** settings every trial shares, by setting key (as `train`'s flags, camelCase: batchSize, valSplit) */
  readonly base: Readonly<Record<string, unknown>>;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  /** at most this many trials (a random sweep needs it) */
  readonly runCap: number | null;
  /** the seed every trial's seed and random draws derive from */
  readonly seed: number;
}

const setting = z.json();
const count = (what: string) => z.int({ error: what }).min(1, { error: what });

const ParameterSchema = z.strictObject({
  values: z.array(setting, { error: 'a list of values' }).optional(),
  value: setting.optional(),
  min: z.number({ error: 'a number' }).optional(),
  max: z.number({ error: 'a number' }).optional(),
  distribution: z.enum(DISTRIBUTIONS, { error: `one of ${DISTRIBUTIONS.join(', ')}` }).optional(),
  count: count('an integer ≥ 1')
    .max(MAX_TRIALS, { error: `an integer ≤ ${MAX_TRIALS}` })
    .optional(),
});

const FileSchema = z.strictObject({
  name: z
    .string({ error: 'a name' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: 'a name of letters, digits, _ . - (at most 64)' }),
  description: z.string({ error: 'a string' }).optional(),
  method: z.enum(SWEEP_METHODS, { error: 'grid or random (bayes is not supported yet)' }),
  metric: z.strictObject({
    name: z.enum(METRIC_NAMES, { error: `one of ${METRIC_NAMES.join(', ')}` }),
    goal: z.enum(GOALS, { error: 'minimize or maximize' }).optional(),
  }),
  base: z.record(z.string(), setting, { error: 'an object of settings' }).optional(),
  parameters: z.record(z.string(), ParameterSchema, { error: 'an object of parameters' }),
  run_cap: count('an integer ≥ 1')
    .max(MAX_TRIALS, { error: `an integer ≤ ${MAX_TRIALS}` })
    .optional(),
  seed: z
    .int({ error: 'an integer ≥ 0' })
    .min(0, { error: 'an integer ≥ 0' })
    .max(2 ** 32 - 1, { error: 'an integer < 2³²' })
    .optional(),
});

const KEYS = Object.keys(FileSchema.shape);

/** Parse a sweep definition (a file's parsed JSON or YAML, or a caller's object); `source` names it in errors. */
export function parseSweepDefinition(raw: unknown, source: string): SweepDefinition {
  const file = parseShape(raw, source);
  const at = (path: readonly (string | number)[]): string => `${source}: ${formatPath(path)}`;
  const method = file.method;
  const base: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file.base ?? {})) {
    settingRule(key, at(['base', key])).parse(at(['base', key]), value);
    base[key] = value;
  }
  const names = Object.keys(file.parameters);
  if (names.length === 0)
    throw new UsageError(at(['parameters']), 'at least one parameter (an empty grid has no trials)', empty());
  const parameters: Record<string, ParameterSpec> = {};
  for (const key of names) {
    const where = (...rest: (string | number)[]): string => at(['parameters', key, ...rest]);
    const rule = settingRule(key, where());
    if (key in base) throw new UsageError(where(), 'a setting not also given in base', key);
    parameters[key] = parameterSpec(file.parameters[key]!, method, where, (name, v) => rule.parse(name, v));
  }
  if (method === 'random' && file.run_cap === undefined)
    throw new UsageError(at(['run_cap']), 'an integer ≥ 1 (a random sweep needs one)', empty());
  const definition: SweepDefinition = {
    name: file.name,
    description: file.description ?? null,
    method,
    metric: { name: file.metric.name, goal: file.metric.goal ?? 'minimize' },
    base,
    parameters,
    runCap: file.run_cap ?? null,
    seed: file.seed ?? 0,
  };
  const size = gridSize(definition);
  if (method === 'grid' && definition.runCap === null && size > MAX_TRIALS)
    throw new UsageError(at(['parameters']), `a grid of at most ${MAX_TRIALS} trials, or a run_cap`, size);
  return definition;
}

type Raw = output<typeof FileSchema>;

function parseShape(raw: unknown, source: string): Raw {
  const result = FileSchema.safeParse(raw);
  // NOTE: an unknown key gets the list of known ones (parseWith's words are the run document's)
  const issue = result.error?.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]!] as (string | number)[];
    const known =
      issue.path.length === 0
        ? KEYS
        : issue.path[0] === 'metric'
          ? ['name', 'goal']
          : Object.keys(ParameterSchema.shape);
    const near = didYouMean(issue.keys[0]!, known);
    throw new UsageError(
      `${source}: ${formatPath(path)}`,
      `a key among ${known.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`,
      issue.keys[0]!,
    );
  }
  return parseWith(FileSchema, raw, source, 'a sweep definition');
}

function settingRule(key: string, where: string) {
  if (!(SETTING_KEYS as readonly string[]).includes(key)) {
    const near = didYouMean(key, SETTING_KEYS);
    throw new UsageError(
      where,
      `a setting of gradscope train, by its config.json name (${near ? `did you mean ${near}?` : 'lr, hidden, l2, batchSize…: gradscope train --help'})`,
      key,
    );
  }
  return settingOf(key as SettingKey).rule;
}

function parameterSpec(
  p: output<typeof ParameterSchema>,
  method: SweepMethod,
  where: (...rest: (string | number)[]) => string,
  check: (name: string, value: unknown) => unknown,
): ParameterSpec {
  const given = (['values', 'value', 'min', 'max'] as const).filter((k) => p[k] !== undefined);
  const ranged = p.min !== undefined || p.max !== undefined;
  if (given.length === 0 || (ranged && (p.values !== undefined || p.value !== undefined)) || given.length > 2)
    throw new UsageError(where(), 'one of values, value, or min and max', given.join(' and ') || empty());
  if (p.values !== undefined) {
    if (p.values.length === 0)
      throw new UsageError(
        where('values'),
        'at least one value (an empty grid has no trials)',
        shownAs('[]'),
      );
    for (const [i, v] of p.values.entries()) check(where('values', i), v);
    return { kind: 'values', values: p.values };
  }
  if (p.value !== undefined) {
    check(where('value'), p.value);
    return { kind: 'value', value: p.value };
  }
  if (p.min === undefined || p.max === undefined)
    throw new UsageError(where(p.min === undefined ? 'min' : 'max'), 'a number (a range has both)', empty());
  const distribution = p.distribution ?? 'uniform';
  check(where('min'), p.min);
  check(where('max'), p.max);
  if (!(p.min <= p.max)) throw new UsageError(where('max'), `a number ≥ min (${p.min})`, p.max);
  if (distribution === 'log_uniform' && !(p.min > 0))
    throw new UsageError(where('min'), 'a number > 0 (log_uniform)', p.min);
  if (distribution === 'int_uniform' && !(Number.isInteger(p.min) && Number.isInteger(p.max)))
    throw new UsageError(
      where(Number.isInteger(p.min) ? 'max' : 'min'),
      'an integer (int_uniform)',
      Number.isInteger(p.min) ? p.max : p.min,
    );
  if (method === 'grid' && p.count === undefined)
    throw new UsageError(where('count'), 'an integer ≥ 1 (a grid takes count points of a range)', empty());
  if (method === 'random' && p.count !== undefined)
    throw new UsageError(where('count'), 'nothing (a random sweep samples the range)', p.count);
  return { kind: 'range', min: p.min, max: p.max, distribution, count: p.count ?? null };
}

/** The values a grid takes of one parameter. */
export function gridValues(spec: ParameterSpec): readonly unknown[] {
  if (spec.kind === 'values') return spec.values;
  if (spec.kind === 'value') return [spec.value];
  const n = spec.count ?? 1;
  const t = (i: number): number => (n === 1 ? 0 : i / (n - 1));
  if (spec.distribution === 'log_uniform') {
    const a = Math.log(spec.min);
    const b = Math.log(spec.max);
    return Array.from({ length: n }, (_, i) =>
      i === n - 1 && n > 1 ? spec.max : Math.exp(a + (b - a) * t(i)),
    );
  }
  const points = Array.from({ length: n }, (_, i) =>
    i === n - 1 && n > 1 ? spec.max : spec.min + (spec.max - spec.min) * t(i),
  );
  return spec.distribution === 'int_uniform' ? [...new Set(points.map(Math.round))] : points;
}

/** The number of points of the full grid (every parameter's values multiplied). */
export function gridSize(def: SweepDefinition): number {
  let n = 1;
  for (const spec of Object.values(def.parameters)) n *= gridValues(spec).length;
  return n;
}

/** The number of trials the sweep runs. */
export function trialCount(def: SweepDefinition): number {
  if (def.method === 'random') return def.runCap!;
  const size = gridSize(def);
  return def.runCap === null ? size : Math.min(size, def.runCap);
}

/** an actual value shown as it is (UsageError quotes a string) */
function shownAs(text: string): { toString(): string } {
  return { toString: () => text };
}

function empty(): { toString(): string } {
  return shownAs('nothing');
}
