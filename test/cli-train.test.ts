import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradscope, tempDir } from './helpers/cli.js';

function json(args: string[]) {
  const r = gradscope(['train', ...args, '--json']);
  expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('gradscope train', () => {
  it('--json prints exactly one JSON document with config, steps, final, layers and history', () => {
    const doc = json('--data circle --depth 2 --width 6 --steps 40 --log-every 10'.split(' '));
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(['config', 'steps', 'final', 'layers', 'history']),
    );
    expect(doc.steps).toBe(40);
    expect(doc.layers).toHaveLength(3);
    expect(doc.layers[0]).toMatchObject({ index: 0, fanIn: 2, fanOut: 6, activation: 'tanh' });
    for (const l of doc.layers) {
      for (const k of ['weightNorm', 'gradNorm', 'signalGradNorm']) expect(Number.isFinite(l[k])).toBe(true);
    }
    expect(doc.history.map((h: { step: number }) => h.step)).toEqual([1, 10, 20, 30, 40]);
    expect(doc.final.train.accuracy).toBeGreaterThan(0);
    expect(doc.final.val.loss).toBeGreaterThan(0);
  });

  it('the same seed and config give the same bits; another seed does not', () => {
    const args = ['--data', 'moons', '--hidden', '5,3', '--steps', '25', '--seed', '7'];
    const a = json(args);
    const b = json(args);
    expect(a.final).toEqual(b.final);
    expect(a.layers).toEqual(b.layers);
    const c = json([...args.slice(0, -1), '8']);
    expect(c.final.train.loss).not.toBe(a.final.train.loss);
  });

  it('sigmoid at depth 20 with xavier-normal: signalGradNorm falls by orders of magnitude toward layer 0', () => {
    const doc = json(
      '--data circle --depth 20 --width 32 --activation sigmoid --init xavier-normal --steps 0'.split(' '),
    );
    const s = doc.layers.map((l: { signalGradNorm: number }) => l.signalGradNorm);
    expect(doc.steps).toBe(0);
    expect(s[0] / s[s.length - 1]).toBeLessThan(1e-6);
  });

  it('relu with he-normal at depth 20 keeps signalGradNorm within about a factor of 10', () => {
    const doc = json(
      '--data circle --depth 20 --width 32 --activation relu --init he-normal --steps 0'.split(' '),
    );
    const s = doc.layers.slice(0, -1).map((l: { signalGradNorm: number }) => l.signalGradNorm);
    expect(Math.max(...s) / Math.min(...s)).toBeLessThan(10);
  });

  it('--out writes config.json, metrics.jsonl and model.safetensors that --init-from reloads', () => {
    const dir = tempDir();
    const first = json(['--data', 'xor', '--hidden', '4', '--steps', '20', '--log-every', '5', '--out', dir]);
    expect(readdirSync(dir).sort()).toEqual([
      'config.json',
      'metrics.jsonl',
      'model.safetensors',
      'summary.json',
    ]);
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(first.history.length);
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(saved.version).toBe(1);
    expect(saved.config.hidden).toEqual([4]);
    expect(saved.plan).toEqual(first.plan);
    // a 0-step run from the saved weights evaluates exactly the trained model
    const again = json([
      '--data',
      'xor',
      '--hidden',
      '4',
      '--steps',
      '0',
      '--init-from',
      join(dir, 'model.safetensors'),
    ]);
    expect(again.final.train.loss).toBeCloseTo(first.final.train.loss, 6);
  });

  it('--batch-size 32 on a 30-row CSV trains on the full batch, as PyTorch and Keras do', () => {
    const dir = tempDir();
    const rows = Array.from({ length: 30 }, (_, i) => `${Math.cos(i)},${Math.sin(i)},${i % 2}`);
    writeFileSync(join(dir, 'small.csv'), `x1,x2,y\n${rows.join('\n')}\n`);
    const base = ['--data', join(dir, 'small.csv'), '--val-split', '0', '--steps', '5', '--log-every', '1'];
    const b32 = json([...base, '--batch-size', '32']);
    const full = json([...base, '--batch-size', 'full']);
    expect(b32.plan.batchSize).toBe(30);
    expect(b32.config.batchSize).toBe(32);
    expect(b32.history).toEqual(full.history);
    expect(b32.final).toEqual(full.final);
  });
});

describe('gradscope train rejects bad input with one line and exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown activation', ['--activation', 'swishy'], /--activation: expected one of .*got "swishy"/],
    ['an unknown initializer', ['--init', 'glorot'], /--init: expected one of .*got "glorot"/],
    ['a learning rate of 0', ['--lr', '0'], /--lr: expected a number > 0, got "0"/],
    ['a negative learning rate', ['--lr', '-1'], /--lr: expected a number > 0, got "-1"/],
    ['a NaN learning rate', ['--lr', 'NaN'], /--lr: expected a number > 0, got "NaN"/],
    ['a batch size of 0', ['--batch-size', '0'], /--batch-size: expected full or an integer ≥ 1, got "0"/],
    ['--depth -1', ['--depth', '-1'], /--depth: expected an integer ≥ 0 .*got "-1"/],
    [
      'an unknown flag',
      ['--lerning-rate', '1'],
      /--lerning-rate: expected a flag of gradscope train among --data .* got "--lerning-rate"/,
    ],
    [
      'a mistyped flag',
      ['--lrr', '0.1'],
      /^gradscope: --lrr: expected a flag of gradscope train \(did you mean --lr\?\), got "--lrr"$/m,
    ],
    [
      'a single-dash flag',
      ['-lr', '0.1'],
      /^gradscope: -lr: expected a flag of gradscope train \(did you mean --lr\?\), got "-lr"$/m,
    ],
    ['a flag without value', ['--lr'], /--lr: expected a value, got "--out"/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const dir = tempDir();
    const r = gradscope(['train', ...args, '--out', join(dir, 'run')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  it('a CSV with a non-numeric cell names the file, row, column and cell', () => {
    const dir = tempDir();
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'x1,x2,y\n0.1,0.2,0\n0.3,abc,1\n');
    const r = gradscope(['train', '--data', csv, '--out', join(dir, 'run')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv');
    expect(r.stderr).toContain('abc');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  it('a CSV without the --target column lists the columns', () => {
    const dir = tempDir();
    const csv = join(dir, 'ok.csv');
    writeFileSync(csv, 'x1,x2,y\n0.1,0.2,0\n0.3,0.4,1\n0.5,0.1,1\n0.2,0.9,0\n');
    const r = gradscope(['train', '--data', csv, '--target', 'label']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--target.*x1, x2, y.*label/);
  });

  it('a truncated safetensors file and a wrong shape are refused by --init-from', () => {
    const dir = tempDir();
    json(['--data', 'xor', '--hidden', '4', '--steps', '1', '--out', dir]);
    const file = join(dir, 'model.safetensors');
    const bytes = readFileSync(file);
    const cut = join(dir, 'cut.safetensors');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 7));
    const r1 = gradscope(['train', '--data', 'xor', '--hidden', '4', '--init-from', cut]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('cut.safetensors');
    expect(r1.stderr.trim().split('\n')).toHaveLength(1);
    const r2 = gradscope(['train', '--data', 'xor', '--hidden', '5', '--init-from', file]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/layers\.0\.weight of shape \[5, 2\].*\[4, 2\]/);
  });
});
