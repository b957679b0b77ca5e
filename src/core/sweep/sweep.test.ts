import { describe, expect, it } from 'vitest';
import { aggregate, distinctValues } from './aggregate.js';
import { gridValues, parseSweepDefinition, trialCount } from './definition.js';
import { expandTrials, trialAt } from './expand.js';
import { sweepId } from './id.js';
import { compareMetric } from './metric.js';
import { trialSeed } from './seed.js';

const grid = {
  name: 'g',
  method: 'grid',
  metric: { name: 'final.val.loss' },
  base: { data: 'circle', steps: 5 },
  parameters: { lr: { values: [0.1, 0.2] }, activation: { values: ['tanh', 'relu', 'sigmoid'] } },
};

describe('sweep trials', () => {
  it('a grid is the product of its values in file order, the last parameter fastest, cut at run_cap', () => {
    const def = parseSweepDefinition(grid, 'g');
    expect(expandTrials(def).map((t) => [t.params.lr, t.params.activation])).toEqual([
      [0.1, 'tanh'],
      [0.1, 'relu'],
      [0.1, 'sigmoid'],
      [0.2, 'tanh'],
      [0.2, 'relu'],
      [0.2, 'sigmoid'],
    ]);
    expect(trialCount(parseSweepDefinition({ ...grid, run_cap: 4 }, 'g'))).toBe(4);
  });

  it('each trial resolves through the settings table, with a seed from the sweep seed and its index', () => {
    const def = parseSweepDefinition({ ...grid, seed: 7 }, 'g');
    const t = trialAt(def, 4);
    expect([t.config.lr, t.config.activation, t.config.steps, t.config.hidden]).toEqual([
      0.2,
      'relu',
      5,
      [8, 8],
    ]);
    expect(t.seed).toBe(trialSeed(7, 4));
    expect(t.config.seed).toBe(t.seed);
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => trialSeed(7, i)));
    expect(seeds.size).toBe(1000);
    expect(trialSeed(8, 4)).not.toBe(trialSeed(7, 4));
  });

  it('a seed the sweep file sets is the trial seed, so gradscope train --seed reproduces the trial', () => {
    const def = parseSweepDefinition({ ...grid, parameters: { seed: { values: [3, 5] } } }, 'g');
    expect(expandTrials(def).map((t) => [t.seed, t.config.seed])).toEqual([
      [3, 3],
      [5, 5],
    ]);
  });

  it('a grid range takes count points, evenly or log-evenly spaced, ends included', () => {
    const lin = { kind: 'range', min: 0, max: 1, distribution: 'uniform', count: 5 } as const;
    expect(gridValues(lin)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const log = gridValues({ ...lin, min: 1e-4, max: 1, distribution: 'log_uniform' }) as number[];
    expect(log.map((v) => Math.log10(v))).toEqual([-4, -3, -2, -1, 0].map((e) => expect.closeTo(e, 12)));
  });

  it('a random sweep draws the same values for the same file, within each range', () => {
    const random = {
      ...grid,
      method: 'random',
      run_cap: 200,
      parameters: {
        lr: { min: 1e-4, max: 1, distribution: 'log_uniform' },
        depth: { min: 1, max: 4, distribution: 'int_uniform' },
        activation: { values: ['tanh', 'relu'] },
      },
    };
    const a = expandTrials(parseSweepDefinition(random, 'r'));
    const b = expandTrials(parseSweepDefinition(structuredClone(random), 'r'));
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
    const lrs = a.map((t) => t.params.lr as number);
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(1);
    // log-uniform: about half the draws below the geometric middle, 1e-2
    expect(lrs.filter((x) => x < 1e-2).length).toBeGreaterThan(70);
    expect(lrs.filter((x) => x < 1e-2).length).toBeLessThan(130);
    expect(new Set(a.map((t) => t.params.depth))).toEqual(new Set([1, 2, 3, 4]));
    expect(a.every((t) => t.config.hidden.length === t.params.depth)).toBe(true);
  });

  it('a random sweep without run_cap, or a grid range without count, is refused by key', () => {
    expect(() => parseSweepDefinition({ ...grid, method: 'random' }, 'r')).toThrow(
      'r: run_cap: expected an integer ≥ 1 (a random sweep needs one), got nothing',
    );
    expect(() => parseSweepDefinition({ ...grid, parameters: { lr: { min: 0.1, max: 1 } } }, 'g')).toThrow(
      'g: parameters.lr.count: expected an integer ≥ 1 (a grid takes count points of a range), got nothing',
    );
  });

  it('an unknown key near a known one is refused with a did-you-mean, at the top, in base and in a parameter', () => {
    const known = 'name, description, method, metric, base, parameters, run_cap, seed';
    expect(() => parseSweepDefinition({ ...grid, runcap: 5 }, 'g')).toThrow(
      `g: runcap: expected a key among ${known} (did you mean run_cap?), got "runcap"`,
    );
    expect(() => parseSweepDefinition({ ...grid, base: { data: 'circle', activaton: 'relu' } }, 'g')).toThrow(
      'g: base.activaton: expected a setting of gradscope train, by its config.json name (did you mean activation?), got "activaton"',
    );
    expect(() => parseSweepDefinition({ ...grid, parameters: { lr: { vaules: [0.1] } } }, 'g')).toThrow(
      'g: parameters.lr.vaules: expected a key among values, value, min, max, distribution, count (did you mean values?), got "vaules"',
    );
    expect(() => parseSweepDefinition({ ...grid, parameters: { batchsize: { values: [8] } } }, 'g')).toThrow(
      'g: parameters.batchsize: expected a setting of gradscope train, by its config.json name (did you mean batchSize?), got "batchsize"',
    );
    expect(() =>
      parseSweepDefinition({ ...grid, metric: { name: 'final.val.loss', gaol: 'minimize' } }, 'g'),
    ).toThrow('g: metric.gaol: expected a key among name, goal (did you mean goal?), got "gaol"');
  });

  it('an unknown key near no known one gets the list without a guess', () => {
    expect(() => parseSweepDefinition({ ...grid, zzz: 1 }, 'g')).toThrow(
      'g: zzz: expected a key among name, description, method, metric, base, parameters, run_cap, seed, got "zzz"',
    );
    expect(() => parseSweepDefinition({ ...grid, parameters: { qqqqqq: { values: [1] } } }, 'g')).toThrow(
      'g: parameters.qqqqqq: expected a setting of gradscope train, by its config.json name (lr, hidden, l2, batchSize…: gradscope train --help), got "qqqqqq"',
    );
  });

  it('the sweep id is the same for the same definition in any key order, and differs for another', () => {
    const def = parseSweepDefinition(grid, 'g');
    const reordered = parseSweepDefinition(
      {
        parameters: grid.parameters,
        base: { steps: 5, data: 'circle' },
        metric: grid.metric,
        method: 'grid',
        name: 'g',
      },
      'g',
    );
    expect(sweepId(reordered)).toBe(sweepId(def));
    expect(sweepId(parseSweepDefinition({ ...grid, seed: 1 }, 'g'))).not.toBe(sweepId(def));
    expect(sweepId(def)).toMatch(/^g-[0-9a-f]{16}$/);
  });
});

describe('sweep results', () => {
  it('aggregate gives each cell the mean, the sample sd and the count, leaving failed trials out', () => {
    const t = (a: number, seed: number, metric: number | null) => ({ params: { a, seed }, metric });
    const trials = [t(1, 1, 2), t(1, 2, 4), t(1, 3, 9), t(2, 1, 5), t(2, 2, null)];
    const cells = aggregate(trials, ['a']);
    // mean 5, deviations −3, −1, 4: sum of squares 26 over n − 1 = 2
    expect(cells[0]).toEqual({ values: [1], n: 3, mean: 5, sd: Math.sqrt(13), min: 2, max: 9 });
    expect(cells[1]).toEqual({ values: [2], n: 1, mean: 5, sd: 0, min: 5, max: 5 });
    expect(distinctValues(trials, 'a')).toEqual([1, 2]);
  });

  it('compareMetric ranks by the goal and puts a missing value last', () => {
    const xs = [3, null, 1, 2];
    expect([...xs].sort((a, b) => compareMetric('minimize', a, b))).toEqual([1, 2, 3, null]);
    expect([...xs].sort((a, b) => compareMetric('maximize', a, b))).toEqual([3, 2, 1, null]);
  });
});
