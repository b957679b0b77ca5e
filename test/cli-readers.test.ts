// The CLI's readers against what is not a file, or is too large to be a valid one: a FIFO, /dev/zero, a
// directory, a sparse file past the limit. Each is refused with one line, exit 2, before it is read
// (the readers in-process within a second); CR-only CSVs read; float32-range and --init-from checks.

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/core/errors.js';
import { FILE_LIMITS } from '../src/core/limits.js';
import { readBytes, readRunDir, readText } from '../src/node/io.js';
import { gradscope, tempDir } from './helpers/cli.js';

/** Run gradscope; check it refused with one `gradscope: …: expected …, got …` line; return it and the time. */
function refused(args: string[], cwd?: string): { line: string; ms: number } {
  const t0 = performance.now();
  const r = gradscope(args, { ...(cwd === undefined ? {} : { cwd }), timeout: 20_000 });
  const ms = performance.now() - t0;
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^gradscope: .+: expected .+, got .+$/);
  return { line: lines[0]!, ms };
}

const dir = tempDir();
const fifo = (name: string): string => {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
};
const zero = (name: string): string => {
  const path = join(dir, name);
  symlinkSync('/dev/zero', path);
  return path;
};
/** A sparse file of `bytes` (no disk used): one byte past a limit is enough to be refused. */
const sparse = (name: string, bytes: number): string => {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return path;
};

let startup = 0; // ms the CLI takes to refuse a bad flag, which reads no file

beforeAll(() => {
  refused(['train', '--steps', 'x']);
  startup = Math.min(...[0, 1, 2].map(() => refused(['train', '--steps', 'x']).ms));
});

/**
 * Refused soon after the CLI's start-up: nothing was read, nothing waited on (reading /dev/zero to the
 * limit, or waiting on a FIFO, takes far longer). The bound is loose because `train` builds its model
 * (WASM kernels included) before it reads --init-from; the readers' own 1 s bound is checked in-process.
 */
function quicklyRefused(args: string[]): string {
  const { line, ms } = refused(args);
  expect(ms - startup, line).toBeLessThan(3000);
  return line;
}

describe('a FIFO, a device or a directory is refused by kind, without opening it', () => {
  it('--data and --init-from', () => {
    expect(quicklyRefused(['train', '--data', zero('zero.csv')])).toBe(
      `gradscope: --data: expected a regular file, got "${join(dir, 'zero.csv')} (a character device)"`,
    );
    expect(quicklyRefused(['train', '--data', fifo('pipe.csv')])).toContain('(a FIFO)');
    mkdirSync(join(dir, 'folder.csv'));
    expect(quicklyRefused(['train', '--data', join(dir, 'folder.csv')])).toContain('(a directory)');
    expect(quicklyRefused(['train', '--init-from', '/dev/zero'])).toBe(
      'gradscope: --init-from: expected a regular file, got "/dev/zero (a character device)"',
    );
    expect(quicklyRefused(['train', '--init-from', fifo('pipe.safetensors')])).toContain('--init-from:');
    expect(quicklyRefused(['train', '--init-from-partial', fifo('pipe2.safetensors')])).toContain(
      '--init-from-partial: expected a regular file',
    );
  });

  it('a run directory, or its summary.json, config.json or metrics.jsonl, for diagnose and report', () => {
    expect(quicklyRefused(['diagnose', '/dev/zero'])).toBe(
      'gradscope: diagnose: expected a directory written by train --out, got "/dev/zero (a character device)"',
    );
    const run = (name: string): string => {
      const path = join(dir, name);
      mkdirSync(path);
      return path;
    };
    const a = run('a');
    fifo('a/summary.json');
    const b = run('b');
    writeFileSync(join(b, 'config.json'), '{}');
    fifo('b/metrics.jsonl');
    const c = run('c');
    zero('c/config.json');
    writeFileSync(join(c, 'metrics.jsonl'), '{}\n');
    for (const cmd of ['diagnose', 'report']) {
      expect(quicklyRefused([cmd, a])).toContain(
        `expected a regular file, got "${join(a, 'summary.json')} (a FIFO)"`,
      );
      expect(quicklyRefused([cmd, b])).toContain(`${join(b, 'metrics.jsonl')} (a FIFO)`);
      expect(quicklyRefused([cmd, c])).toContain(`${join(c, 'config.json')} (a character device)`);
    }
  });
});

describe('a file past its limit is refused before it is read, naming the limit', () => {
  it('a CSV, a weights file, a summary.json and a config.json one byte too large', () => {
    const { csv, safetensors, runDocument, runConfig } = FILE_LIMITS;
    expect(quicklyRefused(['train', '--data', sparse('big.csv', csv.bytes + 1)])).toBe(
      `gradscope: --data: expected a CSV file of at most ${csv.bytes} bytes (${csv.why}), got "${join(dir, 'big.csv')} (${csv.bytes + 1} bytes)"`,
    );
    expect(quicklyRefused(['train', '--init-from', sparse('big.safetensors', 1e9)])).toContain(
      `expected a safetensors file of at most ${safetensors.bytes} bytes`,
    );
    const run = join(dir, 'bigrun');
    mkdirSync(run);
    sparse('bigrun/summary.json', runDocument.bytes + 1);
    expect(quicklyRefused(['diagnose', run])).toContain(
      `expected a summary.json of at most ${runDocument.bytes} bytes`,
    );
    const partial = join(dir, 'bigconfig');
    mkdirSync(partial);
    sparse('bigconfig/config.json', runConfig.bytes + 1);
    writeFileSync(join(partial, 'metrics.jsonl'), '{}\n');
    expect(quicklyRefused(['report', partial])).toContain(
      `expected a config.json of at most ${runConfig.bytes} bytes`,
    );
  });
});

describe('the readers in-process answer within a second', () => {
  it('for /dev/zero, a directory and a sparse file past the limit, with one UsageError line', () => {
    const big = sparse('huge.csv', 2 ** 31);
    const cases: (() => unknown)[] = [
      () => readText('--data', '/dev/zero', 'CSV file'),
      () => readBytes('--init-from', '/dev/zero', 'safetensors file'),
      () => readText('--data', dir, 'CSV file'),
      () => readText('--data', big, 'CSV file'),
      () => readBytes('--init-from', big, 'safetensors file'),
      () => readRunDir('gradscope diagnose', '/dev/zero'),
      () => readText('--data', join(dir, 'missing.csv'), 'CSV file'),
    ];
    for (const read of cases) {
      const t0 = performance.now();
      expect(read).toThrow(UsageError);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
    expect(() => readText('--data', join(dir, 'missing.csv'), 'CSV file')).toThrow(
      `--data: expected a readable CSV file, got "${join(dir, 'missing.csv')} (ENOENT)"`,
    );
  });
});

describe('CSV through the CLI', () => {
  it('a CR-only file (old Mac line endings) trains like its LF twin', () => {
    const rows = ['x1,x2,y', '0,0,0', '0,1,1', '1,0,1', '1,1,0'];
    writeFileSync(join(dir, 'cr.csv'), `${rows.join('\r')}\r`);
    writeFileSync(join(dir, 'lf.csv'), `${rows.join('\n')}\n`);
    const run = (name: string) =>
      gradscope(['train', '--steps', '3', '--batch-size', '2', '--json', '--data', join(dir, name)]);
    const cr = run('cr.csv');
    expect(cr.code, cr.stderr).toBe(0);
    expect(JSON.parse(cr.stdout).final).toEqual(JSON.parse(run('lf.csv').stdout).final);
  });

  it('a cell past the float32 range exits 2 naming its row and column, not 3 at step 1', () => {
    for (const cell of ['3.5e38', '1e300', '-1e39']) {
      writeFileSync(join(dir, 'huge.csv'), `a,b,y\n1,2,0\n3,${cell},1\n`);
      expect(
        refused(['train', '--steps', '1', '--batch-size', '1', '--data', join(dir, 'huge.csv')]).line,
      ).toBe(
        `gradscope: ${join(dir, 'huge.csv')} row 3 column "b": expected a number in the float32 range, |x| ≤ 3.4028234663852886e+38 (--dtype float64 holds more), got "${cell}"`,
      );
    }
  });
});

describe('--init-from is strict; --init-from-partial loads what fits and says so', () => {
  const layerNorm = join(tempDir(), 'ln');
  beforeAll(() => {
    expect(gradscope(['train', '--steps', '1', '--norm', 'layer', '--out', layerNorm]).code).toBe(0);
  });

  it('a LayerNorm file into a plain model: refused by --init-from, loaded in part by --init-from-partial', () => {
    const file = join(layerNorm, 'model.safetensors');
    expect(refused(['train', '--steps', '1', '--init-from', file]).line).toBe(
      `gradscope: ${file}: expected only tensors of this model (layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias, layers.2.weight, layers.2.bias), got an unexpected tensor "norms.0.bias" (and 3 more)`,
    );
    const r = gradscope(['train', '--steps', '1', '--init-from-partial', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      '--init-from-partial: loaded 6 tensors (layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias, layers.2.weight, layers.2.bias); ignored 4 not in this model ("norms.0.bias", "norms.0.weight", "norms.1.bias", "norms.1.weight"); kept 0 as initialized\n',
    );
    expect(
      refused(['train', '--steps', '1', '--init-from', file, '--init-from-partial', file]).line,
    ).toContain('--init-from-partial: expected either --init-from or --init-from-partial, not both');
  });
});
