// Bounds for the property tests: 200 cases a property locally, 50 in CI (CI=true), each well under 10 s.

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
