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

describe('planRun batch size', () => {
  /** n rows of 2-D binary data as CSV */
  const csv = (n: number): string =>
    `x1,x2,y\n${Array.from({ length: n }, (_, i) => `${Math.cos(i)},${Math.sin(i)},${i % 2}`).join('\n')}\n`;
  const plan = (n: number, input: Parameters<typeof resolveConfig>[0]) => {
    const config = resolveConfig({ data: 'rows.csv', valSplit: 0, ...input });
    return planRun(config, dataShape(prepareData(config, csv(n))));
  };

  it('a batch larger than the training set is the full batch, as a PyTorch DataLoader gives one short batch', () => {
    expect(plan(30, { batchSize: 32 })).toEqual(plan(30, { batchSize: 'full' }));
    expect(plan(30, { batchSize: 32 })).toMatchObject({ batchSize: 30, batchesPerEpoch: 1 });
    expect(plan(30, { batchSize: 1000, epochs: 3 }).totalSteps).toBe(3);
  });

  it('a batch that does not divide the set leaves a short last batch (70 = 32 + 32 + 6)', () => {
    expect(plan(70, { batchSize: 32, epochs: 2 })).toMatchObject({
      batchSize: 32,
      batchesPerEpoch: 3,
      totalSteps: 6,
    });
  });

  it('BatchNorm keeps its rule: no last batch of one example, no batch of one', () => {
    expect(plan(31, { batchSize: 32, norm: 'batch' }).batchSize).toBe(31);
    expect(usageError(() => plan(33, { batchSize: 32, norm: 'batch' })).expected).toContain(
      'does not leave a last batch of 1 example',
    );
    expect(usageError(() => plan(1, { batchSize: 32, norm: 'batch' })).expected).toContain(
      '≥ 2 with --norm batch',
    );
  });
});
