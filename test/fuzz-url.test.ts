// Property: the lab's URL state (lab/src/url-state.ts) reads any query string without throwing: null
// (no settings), a state, or { error } with one line; a state it reads is written back to the same state.
// Bounded: 50 runs each in CI.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATE_KEYS } from '../lab/src/state.js';
import { readUrlState, stateToSearch } from '../lab/src/url-state.js';
import { NUM_RUNS, settingText } from './helpers/fuzz.js';

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STATE_KEYS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('trainPct', 'batchMode', 'compare', 'Depth', '', 'constructor', '__proto__'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const value = settingText;
const encode = (s: string, raw: boolean): string => (raw ? s : encodeURIComponent(s));
const pairs = fc
  .array(fc.tuple(key, value, fc.boolean()), { maxLength: 6 })
  .map((ps) => `?${ps.map(([k, v, raw]) => `${encode(k, raw)}=${encode(v, raw)}`).join('&')}`);
const query = fc.oneof(pairs, fc.string({ maxLength: 40, unit: 'binary' }));

describe('lab URL state (property)', () => {
  it('readUrlState returns null, a state or one error line, and never throws', () => {
    fc.assert(
      fc.property(query, (search) => {
        const r = readUrlState(search);
        if (r === null) return;
        if ('error' in r) {
          expect(typeof r.error).toBe('string');
          expect(r.error).not.toMatch(/[\r\n]/);
          expect(r.error).toMatch(/^\S.*: expected .+, got .+$/);
          return;
        }
        expect(Object.keys(r.state).sort()).toEqual([...STATE_KEYS].sort());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a state read from a URL is written to a URL that reads back to the same state', () => {
    fc.assert(
      fc.property(pairs, (search) => {
        const r = readUrlState(search);
        if (r === null || 'error' in r) return;
        expect(readUrlState(stateToSearch(r.state))).toEqual({ state: r.state });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('an unknown key with a line break is refused in one line', () => {
    const r = readUrlState('?a%0Ab=1');
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).not.toMatch(/[\r\n]/);
  });
});
