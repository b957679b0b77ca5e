import { describe, expect, it } from 'vitest';
import { parseSweepDefinition } from '../index.js';
import { againstParameter, type SweepPageTrial, zeroAmongDecades } from './sweep-page.js';

const def = (l2: number[]) =>
  parseSweepDefinition(
    {
      name: 't',
      method: 'grid',
      metric: { name: 'final.val.loss', goal: 'minimize' },
      base: { data: 'circle', steps: 10 },
      parameters: { l2: { values: l2 }, seed: { values: [1, 2] } },
    },
    's.yaml',
  );

/** two seeds a value; the metric is the value's index plus the seed/10, so mean, best and worst are known */
const trials = (l2: number[]): SweepPageTrial[] =>
  l2.flatMap((v, i) =>
    [1, 2].map((seed) => ({
      index: 2 * i + seed - 1,
      params: { l2: v, seed },
      status: 'done',
      metric: i + seed / 10,
      trainLoss: null,
      valLoss: null,
      valAccuracy: null,
      error: null,
      link: null,
    })),
  );

describe('the sweep report: the metric against a parameter', () => {
  it('zeroAmongDecades is true only for 0 beside positive values that span 100× or more', () => {
    expect(zeroAmongDecades([0, 1e-5, 1e-3, 1])).toBe(true);
    expect(zeroAmongDecades([0, 0.5, 1])).toBe(false);
    expect(zeroAmongDecades([1e-5, 1e-3, 1])).toBe(false);
    expect(zeroAmongDecades([0, 1])).toBe(false);
  });

  it('λ ∈ {0, 1e-5, 1e-2, 1} is drawn as categories with the mean, best and worst over the seeds', () => {
    const l2 = [0, 1e-5, 1e-2, 1];
    const chart = againstParameter(def(l2), trials(l2), 'l2');
    expect(chart.kind).toBe('bars');
    if (chart.kind !== 'bars') return;
    expect(chart.categories).toHaveLength(4);
    const [mean, best, worst] = chart.series;
    expect(mean!.y).toEqual([0.15, 1.15, 2.15, 3.15].map((m) => expect.closeTo(m, 12)));
    expect(best!.y).toEqual([0.1, 1.1, 2.1, 3.1].map((m) => expect.closeTo(m, 12)));
    expect(worst!.y).toEqual([0.2, 1.2, 2.2, 3.2].map((m) => expect.closeTo(m, 12)));
  });

  it('positive values over decades get a log x axis, and linear values a linear one', () => {
    const logSpaced = [1e-4, 1e-2, 1];
    const log = againstParameter(def(logSpaced), trials(logSpaced), 'l2');
    expect(log.kind === 'line' && log.xLog).toBe(true);
    const linear = [0, 0.5, 1];
    const lin = againstParameter(def(linear), trials(linear), 'l2');
    expect(lin.kind === 'line' && !lin.xLog && lin.x).toEqual([0, 0.5, 1]);
  });
});
