// Property tests of the sweep file: the sweep definition with one field anywhere replaced by a
// random JSON value (or a setting's text), and YAML text cut or garbled anywhere, is expanded into its
// trials or refused with one UsageError line; never a TypeError, never a multi-line message. Every
// trial that comes out is a config `train` would accept. Bounded: NUM_RUNS a property (50 in CI).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTrials, parseSweepDefinition, resolveConfig } from '../src/index.js';
import { readSweepFile } from '../src/node/sweep/file.js';
import { tempDir } from './helpers/cli.js';
import { NUM_RUNS, settingText, valueOrRefusal } from './helpers/fuzz.js';
import { jsonPaths, replaced } from './helpers/json-paths.js';

const SWEEP = {
  name: 'lambda-u-curve',
  method: 'grid',
  metric: { name: 'final.val.loss', goal: 'minimize' },
  base: {
    data: 'circle',
    noise: 1,
    samples: 400,
    hidden: [64, 64],
    activation: 'relu',
    optimizer: 'adam',
    lr: 0.01,
    steps: 1500,
  },
  parameters: { l2: { values: [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1] }, seed: { values: [1, 2, 3] } },
  run_cap: 1000,
};

const YAML = `name: lambda-u-curve
method: grid
metric: { name: final.val.loss, goal: minimize }
base: { data: circle, noise: 1, samples: 400, hidden: [64, 64], activation: relu, optimizer: adam, lr: 0.01, steps: 1500 }
parameters:
  l2: { values: [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1] }
  seed: { values: [1, 2, 3] }
run_cap: 1000
`;

const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  settingText,
  fc.constantFrom(null, -1, 0, 1e308, -0, 2 ** 53, '', 'bayes', 'random', [], {}, [null], { values: [] }),
);

/** Expand a parsed sweep file; every trial's settings must resolve as `train` resolves them. */
function trialsOf(raw: unknown): number | undefined {
  return valueOrRefusal(() => {
    const trials = expandTrials(parseSweepDefinition(raw, 'sweep.yaml'), 'sweep.yaml');
    for (const t of trials.slice(0, 5)) expect(() => resolveConfig(t.config)).not.toThrow();
    return trials.length;
  }, 'sweep.yaml');
}

describe('a sweep file', () => {
  it('as given in the issue expands into 21 trials', () => {
    expect(trialsOf(SWEEP)).toBe(21);
  });

  it('with one field replaced by a random value is expanded or refused with one line', () => {
    const all = jsonPaths(SWEEP);
    fc.assert(
      fc.property(fc.nat(), json, (at, value) => {
        trialsOf(replaced(SWEEP, all[at % all.length]!, value));
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('with a random key added anywhere is refused, naming it', () => {
    const objects = [[], ['metric'], ['base'], ['parameters'], ['parameters', 'l2']] as const;
    fc.assert(
      fc.property(fc.nat(), fc.string({ minLength: 1, maxLength: 8 }), (at, key) => {
        const where = objects[at % objects.length]!;
        const bad = structuredClone(SWEEP) as Record<string, unknown>;
        let o = bad;
        for (const k of where) o = o[k] as Record<string, unknown>;
        if (key in o) return;
        o[key] = 1;
        const n = trialsOf(bad);
        // base and parameters take setting keys: an unknown one is refused; elsewhere any unknown key is
        if (!(where.length === 1 && where[0] === 'parameters')) expect(n).toBeUndefined();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('as YAML text cut anywhere or with one character replaced is read or refused with one line', () => {
    const dir = tempDir();
    const path = join(dir, 'sweep.yaml');
    fc.assert(
      fc.property(fc.nat(YAML.length), fc.option(fc.string({ maxLength: 1, unit: 'binary' })), (at, ch) => {
        const text = ch === null ? YAML.slice(0, at) : YAML.slice(0, at) + ch + YAML.slice(at + 1);
        writeFileSync(path, text);
        const raw = valueOrRefusal(() => readSweepFile('sweep', path));
        if (raw !== undefined) trialsOf(raw);
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });
});
