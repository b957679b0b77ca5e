// Property: any argv reaching `gradscope train`'s parsing (the flag parser, then resolveConfig, as
// runTrain does before it trains) either yields a config or throws one UsageError with a one-line
// message; never a TypeError, a RangeError or a multi-line message. Bounded: 50 runs each in CI.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args.js';
import { TRAIN_FLAGS } from '../src/cli/train-flags.js';
import { type ConfigInput, resolveConfig, UsageError } from '../src/index.js';
import { NUM_RUNS, settingText } from './helpers/fuzz.js';

/** runTrain's parsing, without reading files or training. */
function parseTrain(argv: readonly string[]): 'help' | ReturnType<typeof resolveConfig> {
  const { values, positional } = parseArgs('train', argv, TRAIN_FLAGS);
  if (values.help) return 'help';
  if (positional.length > 0) {
    throw new UsageError('gradscope train', 'only flags (--name value)', positional.join(' '));
  }
  const { json: _j, out: _o, initFrom: _i, help: _h, ...rest } = values;
  return resolveConfig(rest as ConfigInput);
}

const known = fc.constantFrom(...Object.keys(TRAIN_FLAGS));
const unknown = fc.oneof(
  fc.constantFrom(
    '--lrr',
    '--',
    '---',
    '-h',
    '-x',
    '-lr',
    '--=',
    '--lr=',
    '--Depth',
    '--data=',
    '-',
    '--l\nr',
    '-\r',
  ),
  fc.string({ maxLength: 12, unit: 'binary' }).map((s) => `--${s}`),
);
const value = settingText;
const token = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(known, value).map(([f, v]) => [f, v]) },
  { weight: 2, arbitrary: fc.tuple(known, value).map(([f, v]) => [`${f}=${v}`]) },
  { weight: 1, arbitrary: known.map((f) => [f]) },
  { weight: 1, arbitrary: unknown.map((f) => [f]) },
  { weight: 1, arbitrary: fc.tuple(unknown, value).map(([f, v]) => [f, v]) },
  { weight: 1, arbitrary: value.map((v) => [v]) },
);
const argv = fc.array(token, { maxLength: 8 }).map((ts) => ts.flat());

describe('train flag parsing (property)', () => {
  it('returns a config or help, or throws one UsageError of one line', () => {
    fc.assert(
      fc.property(argv, (args) => {
        let result: unknown;
        try {
          result = parseTrain(args);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          const message = (err as UsageError).message;
          expect(message).not.toMatch(/[\r\n]/);
          expect(message).toMatch(/^\S.*: expected .+, got .+$/s);
          return;
        }
        expect(result === 'help' || typeof result === 'object').toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('an unknown flag is refused under its own (escaped) name, and any suggestion is a flag of train', () => {
    const name = fc
      .string({ minLength: 1, maxLength: 14, unit: 'binary' })
      .map((s) => `--${s}`)
      .filter((f) => !f.includes('=') && !(f in TRAIN_FLAGS));
    fc.assert(
      fc.property(name, value, (flag, v) => {
        let error: unknown;
        try {
          parseTrain(['--steps', '1', flag, v]);
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(UsageError);
        const e = error as UsageError;
        expect(e.argument).toBe(JSON.stringify(flag).slice(1, -1)); // control characters escaped
        const near = /\(did you mean (\S+)\?\)/.exec(e.expected)?.[1];
        if (near !== undefined) expect(Object.keys(TRAIN_FLAGS)).toContain(near);
        else expect(e.expected).toContain(Object.keys(TRAIN_FLAGS).join(' '));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
