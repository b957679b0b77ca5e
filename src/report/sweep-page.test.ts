import { describe, expect, it } from 'vitest';
import { parseSweepDefinition } from '../index.js';
import { againstParameter, type SweepPageTrial, sweepReportPage, zeroAmongDecades } from './sweep-page.js';

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

  it('the heatmap draws λ over decades as categories, named in its label, and linear values as numbers', () => {
    const l2 = [0, 1e-5, 1e-2, 1];
    const decades = sweepReportPage(def(l2), trials(l2), { source: 's.yaml', heatmap: ['l2', 'seed'] });
    expect(decades).toContain('"xLabel":"l2 (0 = 0, 1 = 1e-5, 2 = 0.01, 3 = 1)"');
    expect(decades).toContain('"x":[0,1,2,3]');
    const linear = [0, 0.5, 1];
    const lin = sweepReportPage(def(linear), trials(linear), { source: 's.yaml', heatmap: ['l2', 'seed'] });
    expect(lin).toContain('"xLabel":"l2"');
    expect(lin).toContain('"x":[0,0.5,1]');
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

describe('the sweep report: numbers as the sweep file and `sweep best` write them', () => {
  // l2 × lr × seed; the metric is l2's index + lr's index × 10 + seed/10: a cell of two seeds has the mean
  // index + 0.15 and the sample sd of {0.1, 0.2}, 0.0707107
  const l2 = [0, 1e-5];
  const lr = [0.001, 0.1];
  const definition = parseSweepDefinition(
    {
      name: 't',
      method: 'grid',
      metric: { name: 'final.val.loss', goal: 'minimize' },
      base: { data: 'circle', steps: 10 },
      parameters: { l2: { values: l2 }, lr: { values: lr }, seed: { values: [1, 2] } },
    },
    's.yaml',
  );
  const all: SweepPageTrial[] = l2.flatMap((a, i) =>
    lr.flatMap((b, j) =>
      [1, 2].map((seed) => ({
        index: 4 * i + 2 * j + seed - 1,
        params: { l2: a, lr: b, seed },
        status: 'done',
        metric: i + 10 * j + seed / 10,
        trainLoss: 0.123456,
        valLoss: 3.2e-5,
        valAccuracy: 0.65,
        error: null,
        link: null,
      })),
    ),
  );
  const text = (html: string) =>
    html
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');

  it('a swept 1e-5 reads 1e-5, an accuracy 65.0%, a loss 4 digits; a cell of two seeds mean ± sd (2)', () => {
    const page = text(sweepReportPage(definition, all, { source: 's.yaml', heatmap: ['l2', 'lr'] }));
    expect(page).not.toContain('1.000e-5');
    expect(page).toContain(' 1e-5 ');
    expect(page).toContain(' 65.0% ');
    expect(page).toContain(' 0.1235 ');
    expect(page).toContain(' 3.2e-5 ');
    // l2 = 1e-5 (index 1), lr = 0.1 (index 1): mean 11.15, sd 0.07071
    expect(page).toContain(' 11.15 ± 0.07071 (2) ');
    expect(page).toContain(' 0.15 ± 0.07071 (2) ');
  });

  it('a cell of one trial shows its value and (1), no spread', () => {
    const page = text(sweepReportPage(definition, all, { source: 's.yaml', heatmap: ['l2', 'seed'] }));
    // l2 = 0, seed = 2 averages over lr ∈ {0.001, 0.1}: 0.2 and 10.2, mean 5.2, sd 10/√2
    expect(page).toContain(' 5.2 ± 7.071 (2) ');
    // with lr fixed, each l2 × seed cell holds one trial: l2 = 1e-5, seed = 2 is 1.2
    const single = text(
      sweepReportPage(
        definition,
        all.filter((t) => t.params.lr === 0.001),
        {
          source: 's.yaml',
          heatmap: ['l2', 'seed'],
        },
      ),
    );
    expect(single).toContain(' 1.2 (1) ');
    expect(single).not.toMatch(/± 0 \(1\)/);
  });
});
