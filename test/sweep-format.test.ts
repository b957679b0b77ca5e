// How sweep status / best print a trial's parameters and numbers: as a user writes them, not fixed decimals.

import { describe, expect, it } from 'vitest';
import { paramsText } from '../src/cli/sweep-format.js';
import { measuredText, valueText } from '../src/report/format.js';

describe('sweep tables', () => {
  it('valueText prints each swept number as it is written in a sweep file', () => {
    const cases: [number, string][] = [
      [1e-5, '1e-5'],
      [0.001, '0.001'],
      [0.1, '0.1'],
      [1, '1'],
      [1500, '1500'],
      [0.0003, '0.0003'],
      [2.5e-7, '2.5e-7'],
      [0, '0'],
    ];
    for (const [v, text] of cases) expect(valueText(v), String(v)).toBe(text);
  });

  it('paramsText joins the values, lists by commas', () => {
    expect(paramsText({ l2: 0.001, lr: 1e-5, hidden: [64, 64], activation: 'tanh' })).toBe(
      'l2=0.001 lr=1e-5 hidden=64,64 activation=tanh',
    );
  });

  it('measuredText gives 4 significant digits with no trailing zeros', () => {
    expect(measuredText(0.5)).toBe('0.5');
    expect(measuredText(0.412345)).toBe('0.4123');
    expect(measuredText(1.23456)).toBe('1.235');
    expect(measuredText(0.0000321789)).toBe('3.218e-5');
    expect(measuredText(12345.6)).toBe('12350');
    expect(measuredText(null)).toBe('-');
    expect(measuredText(undefined)).toBe('-');
  });
});
