import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../src/core/activations.js';
import { float64Trainer, gradcheckTrainer, randomDataset } from './helpers/gradcheck.js';

const TOL = 1e-6;

function worst(errors: { maxRelError: number }[]): number {
  return Math.max(...errors.map((e) => e.maxRelError));
}

describe('finite-difference gradient checks (float64, max relative error < 1e-6)', () => {
  const binary = randomDataset(6, 3, 'binary');
  it.each(
    ACTIVATION_NAMES.filter((a) => a !== 'leaky-relu').concat([
      'leaky-relu',
      'leaky-relu:0.2',
      'elu:0.5',
    ] as never[]),
  )('backward of activation %s matches central differences', (activation) => {
    const t = float64Trainer(
      { activation, hidden: [5, 4], init: 'xavier-normal', biasInit: 0.1, loss: 'bce' },
      binary,
    );
    expect(worst(gradcheckTrainer(t))).toBeLessThan(TOL);
  });

  it.each(['mse', 'bce', 'ce'] as const)('backward of loss %s matches central differences', (loss) => {
    const ds =
      loss === 'mse'
        ? randomDataset(5, 3, 'regression')
        : randomDataset(7, 3, 'multiclass', loss === 'ce' ? 3 : 2);
    const data = loss === 'bce' ? randomDataset(7, 3, 'binary') : ds;
    const t = float64Trainer({ activation: 'tanh', hidden: [4], loss }, data);
    expect(worst(gradcheckTrainer(t))).toBeLessThan(TOL);
  });

  it.each([1, 2, 3, 4])('a whole network of depth %i checks, Dense weights and biases included', (depth) => {
    const t = float64Trainer(
      { activation: 'tanh', depth, width: 5, loss: 'ce', init: 'he-normal', biasInit: 0.05 },
      randomDataset(6, 3, 'multiclass', 3),
    );
    const errors = gradcheckTrainer(t);
    expect(errors.map((e) => e.name)).toContain(`layers.${depth}.bias`);
    expect(worst(errors)).toBeLessThan(TOL);
  });

  it('the L2 term ½λΣ‖W‖² contributes λW to each weight gradient and checks', () => {
    const t = float64Trainer({ activation: 'sigmoid', hidden: [4, 4], l2: 0.3, loss: 'bce' }, binary);
    expect(worst(gradcheckTrainer(t))).toBeLessThan(TOL);
  });
});
