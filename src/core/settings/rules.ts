// What a setting accepts, as data the lab can draw controls from, with the one parse and format of each
// kind. parse takes anything (a flag's text, a URL value, JSON, a JS caller's value) and throws a
// UsageError naming `name` (a flag for the CLI and the library, a setting key in the lab).

import { UsageError } from '../errors.js';
import { describeRange, type NumberRange, parseNumber } from './number.js';

export type RuleShape =
  | ({ readonly kind: 'number' } & NumberRange)
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  /** a name with an optional parameter, e.g. leaky-relu:0.1, normal:0.5 */
  | { readonly kind: 'spec'; readonly names: readonly string[] }
  | { readonly kind: 'bool' }
  | { readonly kind: 'text' }
  /** some of `choices`, comma-separated (or an array), each at most once */
  | { readonly kind: 'subset'; readonly choices: readonly string[] }
  /** comma-separated widths (or an array of them) */
  | { readonly kind: 'widths'; readonly item: Rule<number>; readonly most: number }
  /** `word` (or null, when `value` is null) stands for `value`; anything else goes to `inner` */
  | {
      readonly kind: 'or';
      readonly word: string | null;
      readonly value: unknown;
      readonly inner: Rule<unknown>;
      /** errors name the word */
      readonly named: boolean;
    };

export type Rule<T> = RuleShape & {
  /** what it accepts, as errors say it */
  readonly expected: string;
  parse(name: string, value: unknown): T;
  /** the text that parses back to `value` (a flag, a URL, a form field) */
  format(value: T): string;
};

export function number(range: NumberRange = {}): Rule<number> {
  return {
    kind: 'number',
    ...range,
    expected: describeRange(range),
    parse: (name, value) => parseNumber(name, value, range),
    format: String,
  };
}

/** The same rule with a tighter range (the lab's), through `or`. */
export function narrow<T>(rule: Rule<T>, range: NumberRange): Rule<T> {
  if (rule.kind === 'number') {
    const { kind: _kind, expected: _e, parse: _p, format: _f, ...own } = rule;
    return number({ ...own, ...range }) as Rule<unknown> as Rule<T>;
  }
  if (rule.kind === 'or') {
    return or(rule.word, rule.value as string | null, narrow(rule.inner, range), {
      named: rule.named,
    }) as Rule<T>;
  }
  throw new UsageError('narrow: rule', 'a number rule', rule.kind);
}

/**
 * A value as the text a rule reads: a string, or a number or boolean from a YAML or JSON file; anything
 * else (an object, a list, null) is refused as `expected` (never String()ed: a hostile object need not
 * have a toString).
 */
function scalarText(name: string, expected: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UsageError(name, expected, value);
}

export function choice<T extends string>(choices: readonly T[]): Rule<T> {
  const expected = `one of ${choices.join(', ')}`;
  return {
    kind: 'choice',
    choices,
    expected,
    parse(name, value) {
      const text = scalarText(name, expected, value);
      if (!(choices as readonly string[]).includes(text)) throw new UsageError(name, expected, text);
      return text as T;
    },
    format: String,
  };
}

/** A name with an optional parameter, checked (and made canonical) by `parse` of the owning module. */
export function spec(names: readonly string[], check: (text: string, name: string) => string): Rule<string> {
  const expected = `one of ${names.join(', ')}`;
  return {
    kind: 'spec',
    names,
    expected,
    parse: (name, value) => check(scalarText(name, expected, value), name),
    format: String,
  };
}

export function bool(): Rule<boolean> {
  return {
    kind: 'bool',
    expected: 'true or false',
    parse(name, value) {
      if (typeof value === 'boolean') return value;
      // NOTE: '' is a bare `--residual=` from a CLI
      if (value === 'true' || value === '') return true;
      if (value === 'false') return false;
      throw new UsageError(name, 'true or false', value);
    },
    format: String,
  };
}

export function text(): Rule<string> {
  return {
    kind: 'text',
    expected: 'text',
    parse(name, value) {
      // a number in a YAML or JSON file is text too (a column named 5); an object or a list is not
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      throw new UsageError(name, 'text', value);
    },
    format: String,
  };
}

/** Some of `choices`, comma-separated (or an array), each once, kept in the order of `choices`. */
export function subset<T extends string>(choices: readonly T[]): Rule<readonly T[]> {
  const expected = `one or more of ${choices.join(', ')}, comma-separated`;
  return {
    kind: 'subset',
    choices,
    expected,
    parse(name, value) {
      if (typeof value !== 'string' && !Array.isArray(value)) throw new UsageError(name, expected, value);
      const texts =
        typeof value === 'string'
          ? value.split(',').map((t) => t.trim())
          : value.map((v: unknown) => scalarText(name, expected, v));
      if (texts.length === 0 || texts.every((t) => t === '')) throw new UsageError(name, expected, value);
      for (const t of texts) {
        if (!(choices as readonly string[]).includes(t)) throw new UsageError(name, expected, t);
        if (texts.indexOf(t) !== texts.lastIndexOf(t)) throw new UsageError(name, `${t} at most once`, value);
      }
      return choices.filter((c) => texts.includes(c));
    },
    format: (value) => value.join(','),
  };
}

/** Hidden widths: `item`s separated by commas (or an array of them), at most `most`. */
export function widths(item: Rule<number>, most: number): Rule<readonly number[]> {
  const expected = 'widths such as 8,8,4 (or an array of integers)';
  return {
    kind: 'widths',
    item,
    most,
    expected,
    parse(name, value) {
      if (typeof value !== 'string' && !Array.isArray(value)) throw new UsageError(name, expected, value);
      const texts =
        typeof value === 'string'
          ? value.split(',')
          : value.map((v: unknown) => scalarText(name, expected, v));
      const items = texts.map((t) => item.parse(name, t));
      if (items.length > most) throw new UsageError(name, `at most ${most} widths`, items.length);
      return items;
    },
    format: (value) => value.join(','),
  };
}

/**
 * `word` stands for `value` ('full' for the whole training set, 'auto' for 1/√L, 'none' for off), and
 * null does too when `value` is null; anything else must pass `inner`. Errors name the word unless
 * `named` is false (--clip-norm says "a number > 0", though 'none' is also taken).
 */
export function or<T, W extends string | null>(
  word: string | null,
  value: W,
  inner: Rule<T>,
  { named = true }: { named?: boolean } = {},
): Rule<T | W> {
  const expected = named && word !== null ? `${word} or ${inner.expected}` : inner.expected;
  return {
    kind: 'or',
    word,
    value,
    inner: inner as Rule<unknown>,
    named,
    expected,
    parse(name, input) {
      if ((word !== null && input === word) || (value === null && (input === null || input === undefined)))
        return value;
      try {
        return inner.parse(name, input);
      } catch (err) {
        if (!(err instanceof UsageError) || expected === inner.expected) throw err;
        throw new UsageError(name, expected, input);
      }
    },
    format: (v) => (v === value ? (word ?? '') : inner.format(v as T)),
  };
}
