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

describe('planRun: one rule for each derived number', () => {
  const shape = { n: 320, valN: 80, inputDim: 2, targetDim: 1, task: 'binary', numClasses: 2 } as const;

  it('derives the loss, output width, batch size, capacity, total steps and parameters of a run', () => {
    // 2-8-8-1: (2+1)·8 + (8+1)·8 + (8+1)·1 = 105 parameters; 320 / 32 = 10 batches an epoch
    expect(planRun(resolveConfig({ epochs: 3 }), shape)).toEqual({
      loss: 'bce',
      outputDim: 1,
      batchSize: 32,
      capacity: 256,
      totalSteps: 30,
      batchesPerEpoch: 10,
      parameters: 105,
    });
  });

  it('takes --steps as given, else DEFAULT_STEPS; full batch is n rows and one batch an epoch', () => {
    expect(planRun(resolveConfig({ steps: 7 }), shape).totalSteps).toBe(7);
    expect(planRun(resolveConfig({}), shape).totalSteps).toBe(500);
    const full = planRun(resolveConfig({ batchSize: 'full', epochs: 2 }), shape);
    expect([full.batchSize, full.capacity, full.batchesPerEpoch, full.totalSteps]).toEqual([320, 320, 1, 2]);
  });

  it('gives ce one logit per class, mse the target width, and refuses bce on 3 classes', () => {
    const three = { ...shape, task: 'multiclass', numClasses: 3 } as const;
    expect(planRun(resolveConfig({}), three)).toMatchObject({ loss: 'ce', outputDim: 3 });
    expect(planRun(resolveConfig({ loss: 'mse' }), three)).toMatchObject({ loss: 'mse', outputDim: 1 });
    const reg = { ...shape, task: 'regression', numClasses: null, targetDim: 2 } as const;
    expect(planRun(resolveConfig({}), reg)).toMatchObject({ loss: 'mse', outputDim: 2 });
    expect(usageError(() => planRun(resolveConfig({ loss: 'bce' }), three)).message).toBe(
      '--loss: expected ce or mse for 3-class data, got "bce"',
    );
  });

  it('capacity holds at least min(256, the largest split) rows for evaluation', () => {
    expect(planRun(resolveConfig({ batchSize: 4 }), { ...shape, n: 50, valN: 100 }).capacity).toBe(100);
    expect(planRun(resolveConfig({ batchSize: 4 }), { ...shape, n: 5000, valN: 0 }).capacity).toBe(256);
  });

  it('refuses --residual when no hidden block has matching widths, naming the flag', () => {
    const e = usageError(() => planRun(resolveConfig({ residual: true, hidden: '4,8' }), shape));
    expect(e.argument).toBe('--residual');
    expect(e.actual).toContain('2→4→8');
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
