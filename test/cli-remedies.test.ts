import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../src/core/io/safetensors.js';
import { gradscope, tempDir } from './helpers/cli.js';

function train(args: string[]) {
  const r = gradscope(['train', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('gradscope train with the remedies', () => {
  it('--norm batch saves gains, biases and running statistics, and --init-from restores them exactly', () => {
    const dir = tempDir();
    const base = ['--data', 'moons', '--depth', '2', '--width', '6', '--norm', 'batch', '--batch-size', '16'];
    const first = train([...base, '--steps', '30', '--out', dir]);
    const file = join(dir, 'model.safetensors');
    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(file)), file);
    expect(Object.keys(tensors).sort()).toEqual([
      'layers.0.bias',
      'layers.0.weight',
      'layers.1.bias',
      'layers.1.weight',
      'layers.2.bias',
      'layers.2.weight',
      'norms.0.bias',
      'norms.0.running_mean',
      'norms.0.running_var',
      'norms.0.weight',
      'norms.1.bias',
      'norms.1.running_mean',
      'norms.1.running_var',
      'norms.1.weight',
    ]);
    expect(tensors['norms.0.running_var']!.shape).toEqual([6]);
    // evaluation runs in eval mode on the running statistics, so a 0-step reload reproduces it
    const again = train([...base, '--steps', '0', '--init-from', file]);
    expect(again.final.val.loss).toBeCloseTo(first.final.val.loss, 6);
  });

  it('--clip-norm 1 keeps every post-clip global norm at or below 1 and records when it fired', () => {
    const doc = train([
      '--data',
      'spiral',
      '--depth',
      '10',
      '--width',
      '16',
      '--activation',
      'relu',
      '--init',
      'normal:0.5',
      '--steps',
      '20',
      '--log-every',
      '1',
      '--clip-norm',
      '1',
    ]);
    for (const h of doc.history) {
      expect(h.clipPostNorm).toBeLessThanOrEqual(1 + 1e-6);
      expect(h.clipped).toBe(h.clipPreNorm > 1);
    }
    expect(doc.history.some((h: { clipped: boolean }) => h.clipped)).toBe(true);
  });

  it('--residual with no block of matching widths explains why and exits 2', () => {
    const r = gradscope(['train', '--hidden', '4,8,16', '--residual']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--residual: .*equal.*2→4→8→16/);
  });
});

describe('gradscope train rejects bad remedy values with one line and exit code 2', () => {
  it.each([
    [['--l2', '-0.1'], /--l2: expected a number ≥ 0, got "-0.1"/],
    [['--l1', '-1'], /--l1: expected a number ≥ 0, got "-1"/],
    [['--weight-decay', '-1'], /--weight-decay: expected a number ≥ 0, got "-1"/],
    [['--clip-norm', '0'], /--clip-norm: expected a number > 0, got "0"/],
    [['--clip-value', '-2'], /--clip-value: expected a number > 0, got "-2"/],
    [['--clip-layer-norm', 'x'], /--clip-layer-norm: expected a number > 0, got "x"/],
    [['--dropout', '1'], /--dropout: expected a number ≥ 0 and < 1, got "1"/],
    [['--dropout', '-0.1'], /--dropout: expected a number ≥ 0 and < 1, got "-0.1"/],
    [['--norm', 'foo'], /--norm: expected one of none, layer, batch, got "foo"/],
    [
      ['--optimizer', 'rmsprop'],
      /--optimizer: expected one of sgd, momentum, nesterov, adam, adamw, got "rmsprop"/,
    ],
    [['--residual-scale', '-1'], /--residual-scale: expected auto or a number ≥ 0, got "-1"/],
  ])('%s', (args, message) => {
    const r = gradscope(['train', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('the --json summary gives the fraction of steps on which clipping fired', () => {
    const doc = train(['--data', 'xor', '--hidden', '4', '--steps', '20', '--clip-norm', '1e-4']);
    expect(doc.clipping).toMatchObject({ clippedSteps: 20, steps: 20, fraction: 1 });
  });
});
