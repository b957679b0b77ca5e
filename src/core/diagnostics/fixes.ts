// Fixes (record/fix.ts: settings to set, or one numeric setting to scale) in words, in place, applied.
// A rule builds its fixes as data; this file renders them into the suggestion a front end prints, keeps
// a rule from offering one that is already in place, and applies one for "Apply fix".
//
//   renderFixes(fixes, config, name?)  the suggestion: each fix rendered, joined by ", or "
//   renderFix(fix, config, name?)      "use `--norm layer --residual` (why)", "lower `--lr` (now 0.1) 10× (why)"
//   fixInPlace(fix, config)            true when applying the fix would change nothing
//   withoutInPlace(fixes, config)      the fixes worth offering, in order
//   applyFix(input, fix)               new settings with the fix applied (pure)
//
// `config` / `input` is any settings record keyed by SettingKey: a resolved TrainConfig, a run
// document's config, a ConfigInput or the lab's settings. A missing key has its default (DEFAULTS); a
// decimal string such as '0.1' is read as the number; `depth`/`width` are read from a uniform `hidden`.
// `name` turns a key into its word: by default the CLI flag (weightDecay → `--weight-decay`); the lab
// passes its control labels. Backticks mark the settings to change.

import { parseActivation } from '../activations.js';
import { parseDecimal } from '../decimal.js';
import { parseInit } from '../init.js';
import { type Fix, type FixValue, isSetFix, type SetFix, type SettingKey } from '../record/fix.js';
import { DEFAULT_STEPS, DEFAULTS, settingOf } from '../settings/index.js';

/** Settings by key, as a config, a run document or the lab holds them. */
export type Settings = Partial<Record<SettingKey, unknown>>;

/** The CLI flag of a setting: '--' + kebab-case (clipNorm → --clip-norm). */
export const flagName = (key: SettingKey): string => settingOf(key).flag;

/** Settings whose values are counts: a scaled count is rounded to an integer ≥ 1. */
const COUNTS: ReadonlySet<SettingKey> = new Set<SettingKey>([
  'samples',
  'batchSize',
  'steps',
  'epochs',
  'logEvery',
  'probeEvery',
  'depth',
  'width',
]);

const defaultOf = (key: SettingKey): unknown => (DEFAULTS as unknown as Settings)[key];

function canonical(parse: (spec: string) => { spec: string }, spec: string): string {
  try {
    return parse(spec).spec;
  } catch {
    return spec; // not a valid spec: compared as written
  }
}

/** A value as the resolved config would hold it: numbers for decimal strings, canonical specs. */
function resolved(key: SettingKey, v: unknown): FixValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.join(',');
  const s = String(v);
  if (key === 'activation') return canonical(parseActivation, s);
  if (key === 'init') return canonical(parseInit, s);
  if (typeof defaultOf(key) === 'boolean' && (s === 'true' || s === 'false')) return s === 'true';
  if (s === 'none' && defaultOf(key) === null) return null;
  const n = parseDecimal(s);
  return Number.isFinite(n) ? n : s;
}

/** hidden widths, from an array or '8,8,4'; null when unreadable */
function widthsOf(hidden: unknown): number[] | null {
  const parts = typeof hidden === 'string' ? hidden.split(',') : Array.isArray(hidden) ? hidden : null;
  const widths = parts?.map((w) => resolved('width', w));
  return widths && widths.length > 0 && widths.every((w) => typeof w === 'number')
    ? (widths as number[])
    : null;
}

/**
 * The value `key` has in `config`, resolved. `depth`/`width` come from a uniform `hidden` (null when it
 * is not uniform); `steps` left null (and no `epochs`) is DEFAULT_STEPS, the count such a run takes.
 */
export function currentValue(config: Readonly<Settings>, key: SettingKey): FixValue {
  if (key === 'depth' || key === 'width') {
    if (config.hidden === undefined) {
      const fallback = key === 'depth' ? DEFAULTS.hidden.length : DEFAULTS.hidden[0];
      return resolved(key, config[key] ?? fallback);
    }
    const widths = widthsOf(config.hidden);
    if (!widths || widths.some((w) => w !== widths[0])) return null;
    return key === 'depth' ? widths.length : widths[0]!;
  }
  const value = resolved(key, config[key] === undefined ? defaultOf(key) : config[key]);
  if (key === 'steps' && value === null && currentValue(config, 'epochs') === null) return DEFAULT_STEPS;
  return value;
}

const entries = (fix: SetFix) => Object.entries(fix.set) as [SettingKey, FixValue][];

/**
 * True when applying `fix` to `config` would change nothing: a set whose every key already has its
 * value, or a scale of a setting that is 0, null or not a number (scaling it does nothing).
 */
export function fixInPlace(fix: Fix, config: Readonly<Settings>): boolean {
  if (isSetFix(fix)) return entries(fix).every(([k, v]) => resolved(k, v) === currentValue(config, k));
  const now = currentValue(config, fix.scale);
  return typeof now !== 'number' || now === 0 || fix.by === 1;
}

/** The fixes not already in place, in their order. */
export function withoutInPlace(fixes: readonly Fix[], config: Readonly<Settings>): Fix[] {
  return fixes.filter((f) => !fixInPlace(f, config));
}

/** `--activation relu --init he-normal`; true is a bare flag, false `--flag=false`, null `none` */
function setWords(fix: SetFix, name: (key: SettingKey) => string): string {
  const words = entries(fix).map(([k, v]) =>
    v === true ? name(k) : v === false ? `${name(k)}=false` : `${name(k)} ${v === null ? 'none' : v}`,
  );
  return `\`${words.join(' ')}\``;
}

/** A current value or a factor as a flag would take it: 3 significant digits, 1e-5 / 1e6 when shorter than 7 characters. */
function numberWord(x: number): string {
  const n = Number(x.toPrecision(3));
  const plain = String(n);
  return plain.length <= 6 ? plain : n.toExponential().replace('e+', 'e');
}

const because = (fix: Fix) => (fix.reason ? ` (${fix.reason})` : '');

/** "use `--activation relu --init he-normal` (f'(z) = 1 where active)", "lower `--lr` (now 0.1) 10×" */
export function renderFix(fix: Fix, config: Readonly<Settings>, name = flagName): string {
  if (isSetFix(fix)) return `use ${setWords(fix, name)}${because(fix)}`;
  const now = currentValue(config, fix.scale);
  const was = typeof now === 'number' ? ` (now ${numberWord(now)})` : '';
  const factor = numberWord(fix.by >= 1 ? fix.by : 1 / fix.by);
  return `${fix.by >= 1 ? 'raise' : 'lower'} \`${name(fix.scale)}\`${was} ${factor}×${because(fix)}`;
}

/** The fixes in words, joined by ", or "; a set after a set drops its "use" ("use A, or B"). */
export function renderFixes(fixes: readonly Fix[], config: Readonly<Settings>, name = flagName): string {
  return fixes
    .map((f, i) => {
      const prev = fixes[i - 1];
      return prev && isSetFix(prev) && isSetFix(f)
        ? `${setWords(f, name)}${because(f)}`
        : renderFix(f, config, name);
    })
    .join(', or ');
}

/** Make room for `key`: steps and epochs exclude each other, as do hidden and depth/width. */
function makeRoom(out: Settings, key: SettingKey): void {
  if (key === 'steps' && out.epochs !== undefined) out.epochs = null;
  if (key === 'epochs' && out.steps !== undefined) out.steps = null;
  if (key === 'hidden') {
    delete out.depth;
    delete out.width;
  }
  if ((key === 'depth' || key === 'width') && out.hidden !== undefined) {
    const widths = widthsOf(out.hidden) ?? DEFAULTS.hidden;
    out.depth ??= widths.length;
    out.width ??= widths[0];
    delete out.hidden;
  }
}

/**
 * `input` with `fix` applied, as a new object. A scale multiplies the current number (3 significant
 * digits; counts such as steps and width rounded to an integer ≥ 1) and keeps a string a string; a
 * scale of nothing to scale returns a copy unchanged.
 */
export function applyFix(input: Readonly<Settings>, fix: Fix): Settings {
  const out: Settings = { ...input };
  if (isSetFix(fix)) {
    for (const [k, v] of entries(fix)) {
      makeRoom(out, k);
      out[k] = v;
    }
    return out;
  }
  const key = fix.scale;
  const now = currentValue(input, key);
  if (typeof now !== 'number' || now === 0) return out;
  const scaled = Number((now * fix.by).toPrecision(3));
  const next = COUNTS.has(key) ? Math.max(1, Math.round(scaled)) : scaled;
  makeRoom(out, key);
  out[key] = typeof input[key] === 'string' ? String(next) : next;
  return out;
}
