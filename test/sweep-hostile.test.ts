// Hostile sweep files through the CLI: each is refused with one line naming the file, what a sweep file
// must be and what it was, exit 2; never an internal error, a hang or unbounded memory.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    const t0 = Date.now();
    const r = gradscope(['sweep', 'run', path, '--out', join(dir, 'out')], { timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `gradscope: ${path}:2:71: expected a YAML sweep file nested at most 64 brackets deep, got "deeper"`,
    );
    // the parser took 11 s to fail on this file; the scan refuses it before parsing
    expect(Date.now() - t0).toBeLessThan(10_000);
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
});
