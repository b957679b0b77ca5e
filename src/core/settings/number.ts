// Numbers as a setting accepts them: plain decimals (or numbers) in a range, with the range in the error.

import { parseDecimal } from '../decimal.js';
import { UsageError } from '../errors.js';

export interface NumberRange {
  readonly min?: number;
  /** min is exclusive */
  readonly above?: number;
  readonly max?: number;
  /** max is exclusive */
  readonly below?: number;
  readonly integer?: boolean;
  /** why the range is what it is, e.g. 'the float32 range' */
  readonly why?: string;
}

/** 'an integer ≥ 1 and ≤ 1000', 'a number > 0', 'a number ≥ -3.4e38 and ≤ 3.4e38 (the float32 range)' */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`≥ ${range.min}`);
  if (range.above !== undefined) parts.push(`> ${range.above}`);
  if (range.max !== undefined) parts.push(`≤ ${range.max}`);
  if (range.below !== undefined) parts.push(`< ${range.below}`);
  const text = parts.length ? `${kind} ${parts.join(' and ')}` : kind;
  return range.why ? `${text} (${range.why})` : text;
}

/** The number `value` spells if it lies in `range`; else a UsageError naming `flag`, the range and `value`. */
export function parseNumber(flag: string, value: unknown, range: NumberRange = {}): number {
  // NOTE: JS callers of the library may pass anything; only numbers and decimal strings are numbers.
  const n = typeof value === 'number' ? value : typeof value === 'string' ? parseDecimal(value) : Number.NaN;
  const ok =
    Number.isFinite(n) &&
    (!range.integer || Number.isInteger(n)) &&
    (range.min === undefined || n >= range.min) &&
    (range.above === undefined || n > range.above) &&
    (range.max === undefined || n <= range.max) &&
    (range.below === undefined || n < range.below);
  if (!ok) throw new UsageError(flag, describeRange(range), value);
  // −0 is 0: a setting written back (a URL, config.json) must read as what it was
  return n === 0 ? 0 : n;
}
