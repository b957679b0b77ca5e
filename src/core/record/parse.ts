// Parse JSON with a schema; a mismatch is one UsageError line naming the source, the field path, the
// expected and the actual value: `summary.json: history[3].gradNorm[1]: expected a number or null, got "x"`.
// Only the first issue is reported: one fix at a time, and the line stays short.

import { UsageError } from '../errors.js';
import type { core, output, ZodType } from './zod.js';

type Issue = core.$ZodIssue;
type Path = readonly PropertyKey[];

const MAX_SHOWN = 80;

function clip(s: string): string {
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
}

const isName = (key: string): boolean => /^[A-Za-z_$][\w$]*$/.test(key);

/** A key as code writes it: a name, or a quoted string (newlines escaped). */
const keyText = (key: string): string => (isName(key) ? key : JSON.stringify(clip(key)));

/** `history[3].gradNorm[1]`, `evidence["a b"]` */
export function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && isName(key)) out += out ? `.${key}` : key;
    else out += `[${keyText(String(key))}]`;
  }
  return out;
}

/** A value as an error shows it: short, on one line. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(clip(v));
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    const shown = keys.slice(0, 6).map(keyText);
    return keys.length === 0
      ? 'an empty object'
      : `an object with keys ${shown.join(', ')}${keys.length > 6 ? ', …' : ''}`;
  }
  return typeof v;
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** zod's words for a union none of whose branches took the value; deepest() then joins the branches'. */
const UNION_DEFAULT = 'Invalid input';

/**
 * What zod's own issues (schemas without an `error` of their own) expected, in words; a union is left
 * to zod's default, which deepest() replaces.
 */
function expectedWords(issue: core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `at least ${issue.minimum} entries`
        : `a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `at most ${issue.maximum} entries`
        : `a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_key':
      return 'a known key';
    case 'invalid_union':
      return undefined;
    default:
      return 'a valid value';
  }
}

/**
 * The issue to report. Inside a union, the branches that took the value's type (their first issue is
 * inside it) are candidates; of those the one with fewest issues, then the deepest, names the field.
 * When every branch refused the value outright, the union's own words, or its branches' joined.
 */
function deepest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const inside = issue.errors.filter((b) => b[0] !== undefined && b[0].path.length > 0);
  inside.sort((a, b) => a.length - b.length || b[0]!.path.length - a[0]!.path.length);
  const best = inside[0]?.[0];
  if (!best) {
    const words = [...new Set(issue.errors.map((b) => b[0]?.message).filter((m) => m !== undefined))];
    return issue.message === UNION_DEFAULT ? { ...issue, message: words.join(' or ') } : issue;
  }
  return deepest({ ...best, path: [...issue.path, ...best.path] });
}

/**
 * Parse `json` with `schema`, or throw one UsageError line naming `source` and the first bad field;
 * `what` names the whole value when it is wrong at the top ('a run document').
 */
export function parseWith<S extends ZodType>(
  schema: S,
  json: unknown,
  source: string,
  what: string,
): output<S> {
  const result = schema.safeParse(json, { error: (issue) => expectedWords(issue) });
  if (result.success) return result.data;
  const issue = deepest(result.error.issues[0]!);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const path = [...issue.path, key];
    throw new UsageError(
      `${source}: ${formatPath(path)}`,
      `no such field (version 1 defines none by that name)`,
      shown(valueAt(json, path)),
    );
  }
  const where = issue.path.length > 0 ? `${source}: ${formatPath(issue.path)}` : source;
  const expected = issue.path.length > 0 ? issue.message : `${what} (${issue.message})`;
  throw new UsageError(where, expected, shown(valueAt(json, issue.path)));
}

/** UsageError quotes a string `actual`; a described value is shown as it is. */
function shown(v: unknown): { toString(): string } {
  const text = describeValue(v);
  return { toString: () => text };
}
