import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = resolve(import.meta.dirname, '../src/core');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the numeric core is pure', () => {
  const files = sources(CORE);
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  it.each(files.map((f) => [f.slice(CORE.length + 1), f]))(
    '%s imports no node:* module, never logs and never calls Math.random',
    (_name, file) => {
      // code only: comments may talk about documents and windows
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(text).not.toMatch(/from ['"]node:/);
      expect(text).not.toMatch(/\bconsole\./);
      expect(text).not.toMatch(/Math\.random/);
      expect(text).not.toMatch(/(?<![\w\-./'"])(document|window)\./);
    },
  );
});

describe('the package entry point', () => {
  it('re-exports the training API, and a 0-step run works through it', async () => {
    const g = await import('../src/index.js');
    const config = g.resolveConfig({ data: 'xor', depth: 2, width: 4, steps: 0 });
    const result = g.runTraining(g.createTrainer(config, g.prepareData(config)));
    expect(result.steps).toBe(0);
    expect(result.layers).toHaveLength(3);
  });
});
