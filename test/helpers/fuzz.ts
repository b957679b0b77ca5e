// What the property tests share: a bounded number of runs (200 a property locally, 50 in CI, each well
// under 10 s), the check that a refusal is one short UsageError line, and setting values that have broken
// parsers before: plain and odd numbers, words of the settings, specs, empty and control text.

import fc from 'fast-check';
import { expect } from 'vitest';
import { UsageError } from '../../src/core/errors.js';

export const NUM_RUNS = process.env.CI ? 50 : 200;

/** The longest line a refusal may be: one line, short enough to read. */
export const MAX_MESSAGE = 400;

/**
 * `f()`'s value, or undefined after checking that it threw one short UsageError line (starting with
 * `where`, when given) and nothing else.
 */
export function valueOrRefusal<T>(f: () => T, where?: string): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    expect(e.message).not.toMatch(/[\n\r]/);
    expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    if (where !== undefined) expect(e.message.startsWith(where)).toBe(true);
    return undefined;
  }
}

const TRICKY = (
  '0 1 -1 0.5 80 100 256 5000 5001 1e-3 1e999 -0 NaN Infinity 0x10 full auto none true false ' +
  'relu sigmoid he-normal normal:0.5 leaky-relu:0.2 elu:-1 orthogonal:2 8,8,4 8,,4 0,8 circle sine x.csv ' +
  'adam batch sgd minibatch layer 1000000000 3.5 % %zz & ='
).split(' ');

/** A setting's text: a tricky one, any short string (control characters too) or a random number. */
export const settingText = fc.oneof(
  fc.constantFrom(...TRICKY, '', ' ', 'relu\n', 'normal:\n1', 'x\r\n.csv'),
  fc.string({ maxLength: 10, unit: 'binary' }),
  fc.double().map(String),
  fc.integer().map(String),
);
