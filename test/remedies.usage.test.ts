// Bad remedy settings fail at the entry with a UsageError that names the flag (the CLI prints it as one
// line and exits 2).

import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../src/core/config.js';
import { createTrainer } from '../src/core/train/trainer.js';
import { usageError } from './helpers/errors.js';
import { randomDataset } from './helpers/gradcheck.js';

describe('remedy flags are validated with errors that name the flag', () => {
  it.each([
    ['--l2', { l2: -0.1 }],
    ['--l1', { l1: '-1' }],
    ['--weight-decay', { weightDecay: -1e-4 }],
    ['--clip-norm', { clipNorm: 0 }],
    ['--clip-norm', { clipNorm: '-1' }],
    ['--clip-layer-norm', { clipLayerNorm: 0 }],
    ['--clip-value', { clipValue: -2 }],
    ['--dropout', { dropout: 1 }],
    ['--dropout', { dropout: -0.1 }],
    ['--dropout', { dropout: 'half' }],
    ['--norm', { norm: 'foo' }],
    ['--optimizer', { optimizer: 'rmsprop' }],
    ['--momentum', { momentum: 1 }],
    ['--beta1', { beta1: 1 }],
    ['--beta2', { beta2: -0.5 }],
    ['--eps', { eps: 0 }],
    ['--residual-scale', { residualScale: -1 }],
    ['--residual', { residual: 'yes' }],
  ] as [string, ConfigInput][])('%s rejects %o', (flag, input) => {
    const e = usageError(() => resolveConfig(input));
    expect(e.argument).toBe(flag);
    expect(e.message).not.toContain('\n');
  });

  it('says what --norm accepts', () => {
    expect(usageError(() => resolveConfig({ norm: 'foo' })).message).toBe(
      '--norm: expected one of none, layer, batch, got "foo"',
    );
  });

  it('accepts the edges: λ = 0, p = 0, residual scale auto, clip none', () => {
    const c = resolveConfig({
      l2: 0,
      l1: '0',
      weightDecay: 0,
      dropout: 0,
      residualScale: 'auto',
      clipNorm: 'none',
    });
    expect([c.l2, c.l1, c.weightDecay, c.dropout, c.residualScale, c.clipNorm]).toEqual([
      0,
      0,
      0,
      0,
      'auto',
      null,
    ]);
  });

  it('--residual with no block of matching widths is refused and says why', () => {
    const data = randomDataset(8, 2, 'binary');
    const e = usageError(() =>
      createTrainer(resolveConfig({ hidden: '8,4', residual: true, valSplit: 0, batchSize: 'full' }), {
        train: data,
        val: null,
      }),
    );
    expect(e.argument).toBe('--residual');
    expect(e.message).toContain('input width equals its output width');
    expect(e.message).toContain('2→8→4');
    expect(e.message).not.toContain('\n');
    // one matching block is enough
    const t = createTrainer(
      resolveConfig({ hidden: '8,8', residual: true, valSplit: 0, batchSize: 'full' }),
      {
        train: data,
        val: null,
      },
    );
    expect(t.model.blocks.map((b) => b.residualScale)).toEqual([null, 1, null]);
  });
});
