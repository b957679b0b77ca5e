// Hostile sweep files through the CLI: each is refused with one line naming the file, what a sweep file
// must be and what it was, exit 2; never an internal error, a hang or unbounded memory.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { gradscope, tempDir } from './helpers/cli.js';

describe('hostile sweep files', () => {
  it('refuses a YAML alias bomb (nine lines that expand to 387 million nodes) in one line, exit 2', () => {
    const dir = tempDir();
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    const names = 'abcdefghi';
    for (let k = 1; k < names.length; k++) {
      const prev = `*${names[k - 1]}`;
      lines.push(`${names[k]}: &${names[k]} [${Array(9).fill(prev).join(',')}]`);
    }
    const path = join(dir, 'bomb.yaml');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const r = gradscope(['sweep', 'run', path, '--out', join(dir, 'out')], { timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      `${path}: expected a YAML sweep file whose aliases expand at most 100 times, got`,
    );
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });

  it('refuses 200,000 nested brackets before the parser recurses into them, in one line, exit 2', () => {
    const dir = tempDir();
    const path = join(dir, 'deep.yaml');
    writeFileSync(path, `name: x\nbase: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    // (the parser took 11 s to fail on this file; the scan refuses it before parsing, by its position)
    const r = gradscope(['sweep', 'run', path, '--out', join(dir, 'out')], { timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `gradscope: ${path}:2:71: expected a YAML sweep file nested at most 64 brackets deep, got "deeper"`,
    );
  });

  it('counts no bracket inside quotes or comments: a sweep file with them still parses', () => {
    const dir = tempDir();
    const path = join(dir, 'ok.yaml');
    const brackets = '['.repeat(70);
    writeFileSync(
      path,
      [
        `name: "n" # ${brackets}`,
        `description: '${brackets}'`,
        'method: grid',
        'metric: { name: final.val.loss, goal: minimize }',
        'base: { data: circle, samples: 40, hidden: [4], steps: 5 }',
        'parameters:',
        '  lr: { values: [0.1] }',
        '',
      ].join('\n'),
    );
    const r = gradscope(['sweep', 'run', path, '--out', join(dir, 'out'), '--jobs', '1'], {
      timeout: 60_000,
    });
    expect(r.stderr).not.toContain('nested');
    expect(r.code).toBe(0);
  });

  it('a sweep store damaged by hand: status, best and report name the field in one line, exit 2', () => {
    const dir = tempDir();
    const file = join(dir, 'tiny.yaml');
    writeFileSync(
      file,
      [
        'name: tiny',
        'method: grid',
        'metric: { name: final.val.loss, goal: minimize }',
        'base: { data: circle, samples: 40, hidden: [4], steps: 5 }',
        'parameters:',
        '  lr: { values: [0.1, 0.2] }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    expect(gradscope(['sweep', 'run', file, '--out', out, '--jobs', '1']).code).toBe(0);
    const db = join(out, 'sweep.db');
    const damage = (sql: string): void => {
      const d = new Database(db);
      d.prepare(sql).run();
      d.close();
    };
    const refused = (args: string[], field: string): void => {
      const r = gradscope(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${db}: ${field}: expected JSON as gradscope sweep writes it, got`);
      expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    };
    damage("UPDATE trials SET document = '{not json' WHERE id = 1");
    refused(['sweep', 'report', out], 'trial 1 document');
    damage("UPDATE trials SET params = '{not json' WHERE id = 0");
    refused(['sweep', 'best', out], 'trial 0 params');
    damage("UPDATE meta SET value = '{not json' WHERE key = 'file'");
    refused(['sweep', 'status', out], 'meta.file');
  });

  it('a data file train refuses is refused by sweep run before any trial, in the same line, exit 2', () => {
    const dir = tempDir();
    const csv = join(dir, 'latin1.csv');
    // 0xE9 is é in Latin-1 and no UTF-8 at all: train refuses the file, so a sweep over it must too
    writeFileSync(csv, Buffer.from('x1,x2,y\n0.5,\xe9,1\n0.1,0.2,0\n', 'latin1'));
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      [
        'name: latin1',
        'method: grid',
        'metric: { name: final.train.loss, goal: minimize }',
        `base: { data: ${csv}, hidden: [4], steps: 5, valSplit: 0 }`,
        'parameters:',
        '  lr: { values: [0.1, 0.2] }',
        '',
      ].join('\n'),
    );
    const train = gradscope(['train', '--data', csv, '--steps', '5', '--val-split', '0']);
    expect(train.code).toBe(2);
    const r = gradscope(['sweep', 'run', file, '--out', join(dir, 'out'), '--jobs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe(train.stderr);
    expect(r.stderr).toContain('--data: expected a text CSV file, got "binary data (byte 0xe9 at offset 12');
  });

  it('a sweep over a named data set (fashion-mnist) runs its trials on the loaded images', () => {
    const dir = tempDir();
    const file = join(dir, 'fashion.yaml');
    writeFileSync(
      file,
      [
        'name: fashion',
        'method: grid',
        'metric: { name: final.val.loss, goal: minimize }',
        'base: { data: fashion-mnist, trainSize: 300, hidden: [8], steps: 3 }',
        'parameters:',
        '  lr: { values: [0.05] }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const r = gradscope(['sweep', 'run', file, '--out', out, '--jobs', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 trials: 1 done, 0 failed');
    // the trial's numbers are train's on the same settings and the trial's seed (the run document's
    // final validation loss; the trial runs on the reference kernels, train on WASM: float32 either way)
    const best = gradscope(['sweep', 'best', out, '--json']);
    expect(best.code).toBe(0);
    const [top] = JSON.parse(best.stdout) as { metric: number; seed: number }[];
    const t = gradscope([
      'train',
      '--data',
      'fashion-mnist',
      '--train-size',
      '300',
      '--hidden',
      '8',
      '--steps',
      '3',
      '--lr',
      '0.05',
      '--seed',
      String(top!.seed),
      '--json',
    ]);
    expect(t.code).toBe(0);
    const trained = JSON.parse(t.stdout) as { final: { val: { loss: number } } };
    expect(top!.metric).toBeCloseTo(trained.final.val.loss, 6);
  });
});
