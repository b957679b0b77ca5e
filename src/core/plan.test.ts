import { describe, expect, it } from 'vitest';
import { usageError } from '../../test/helpers/errors.js';
import { resolveConfig } from './config.js';
import { prepareData } from './data/prepare.js';
import { LIMITS, parameterCount } from './limits.js';
import { dataShape, planRun } from './plan.js';

describe('run size limits', () => {
  it('parameterCount counts the weights and biases of every Dense layer', () => {
    expect(parameterCount([2, 8, 8, 1])).toBe(3 * 8 + 9 * 8 + 9 * 1);
  });

  it('planRun refuses a CSV whose columns make the network too large, naming --data', () => {
    const cols = 2000;
    const header = `${Array.from({ length: cols }, (_, j) => `c${j}`).join(',')}\n`;
    const row = `${Array.from({ length: cols }, (_, j) => (j === cols - 1 ? 0 : 1)).join(',')}\n`;
    const config = resolveConfig({ data: 'wide.csv', hidden: '6000', valSplit: 0 });
    const e = usageError(() => planRun(config, dataShape(prepareData(config, header + row + row))));
    expect(e.argument).toBe('--data');
    expect(e.expected).toContain(`at most ${LIMITS.parameters} parameters`);
  });

  it('the default run and the largest documented flags stay within the limits', () => {
    const plan = (c: ReturnType<typeof resolveConfig>) => planRun(c, dataShape(prepareData(c)));
    expect(() => plan(resolveConfig({}))).not.toThrow();
    expect(() => plan(resolveConfig({ depth: 1000, width: 8 }))).not.toThrow();
  });
});
