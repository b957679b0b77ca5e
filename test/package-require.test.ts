// The package as another project sees it: resolved by name from node_modules (a symlink to this repo),
// loaded with import and with require (require(esm), Node ≥ 20.19, through the `default` condition).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '..');

function consumer(): string {
  const dir = tempDir('gradscope-consumer-');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'gradscope'), 'dir');
  return dir;
}

function node(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the gradscope package', () => {
  it("require('gradscope') from another project loads the built API", () => {
    const r = node(consumer(), [
      '-e',
      "const g = require('gradscope'); console.log(typeof g.resolveConfig, typeof g.runTraining, g.resolveConfig({}).batchSize)",
    ]);
    expect(r.stderr).not.toContain('ERR_');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('function function 32\n');
  });

  it("import('gradscope') gives the same exports as require", () => {
    const r = node(consumer(), [
      '--input-type=module',
      '-e',
      "import { createRequire } from 'node:module'; const a = await import('gradscope'); const b = createRequire(process.cwd() + '/x.js')('gradscope'); console.log(Object.keys(a).join() === Object.keys(b).join(), a.resolveConfig === b.resolveConfig)",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('true true\n');
  });

  it('exports lists types first, then import, then default, all to the built index', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({
      types: './dist/index.d.ts',
      import: './dist/index.js',
      default: './dist/index.js',
    });
    expect(Object.keys(pkg.exports['.'])).toEqual(['types', 'import', 'default']);
  });
});
