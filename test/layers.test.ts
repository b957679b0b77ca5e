// The layer order, enforced: every source file's relative imports are read, each file is placed in a
// layer by its path, and an import that runs up the order fails. Front ends (the CLI, the report pages,
// the web lab) reach the core only through the public index, src/index.ts.
//   base → theory → kernels → nn → io → update → config → data → plan → record → diagnostics → train →
//   experiments → sweep → index → front ends

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** Layers in order; a file belongs to the first whose pattern matches its path. */
const LAYERS: readonly { readonly name: string; readonly match: RegExp }[] = [
  { name: 'base', match: /^src\/core\/(errors|tensor|rng|decimal|limits|dataset|activations|suggest)\.ts$/ },
  // mean-field theory needs only the activations; diagnostics and experiments quote it
  { name: 'theory', match: /^src\/core\/theory\// },
  { name: 'kernels', match: /^src\/core\/kernels\// },
  { name: 'nn', match: /^src\/core\/(init|losses|block|model|regularize|predict)\.ts$|^src\/core\/layers\// },
  { name: 'io', match: /^src\/core\/io\// },
  { name: 'update', match: /^src\/core\/optim\// },
  { name: 'config', match: /^src\/core\/(config\.ts$|settings\/)/ },
  { name: 'data', match: /^src\/core\/data\// },
  { name: 'plan', match: /^src\/core\/plan\.ts$/ },
  { name: 'record', match: /^src\/core\/record\// },
  { name: 'diagnostics', match: /^src\/core\/diagnostics\// },
  { name: 'train', match: /^src\/core\/train\// },
  { name: 'experiments', match: /^src\/core\/experiments\// },
  { name: 'sweep', match: /^src\/core\/sweep\// },
  { name: 'index', match: /^src\/index\.ts$/ },
  { name: 'front end', match: /^(src\/(cli|report|node|web|tfjs)|lab)\// },
];

function layerOf(path: string): number {
  const i = LAYERS.findIndex((l) => l.match.test(path));
  if (i < 0) throw new Error(`test/layers.test.ts: ${path} is in no layer; add it to LAYERS`);
  return i;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((p) => !p.includes('/generated/') && !p.endsWith('vite.config.ts'));
}

/** Relative import and re-export targets of a file, as repository paths (.js → .ts). */
function imports(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(ROOT, dirname(path), s)).replace(/\.js$/, '.ts'));
}

const FILES = [...sources('src'), ...sources('lab/src')];
const FRONT = LAYERS.length - 1;

/** A front end may use the index, its own folder, the report pages (the CLI writes them) and a platform adapter. */
function frontEndMayImport(from: string, to: string): boolean {
  if (to === 'src/index.ts' || !to.startsWith('src/core/')) return true;
  return from.startsWith('src/core/');
}

describe('the layer order', () => {
  it('places every source file in a layer', () => {
    for (const f of FILES) expect(() => layerOf(f)).not.toThrow();
    expect(FILES.length).toBeGreaterThan(100);
  });

  it('no core module imports a module of a layer above it', () => {
    const wrong: string[] = [];
    for (const from of FILES) {
      const lf = layerOf(from);
      if (lf === FRONT) continue;
      for (const to of imports(from)) {
        const lt = layerOf(to);
        if (lt > lf) wrong.push(`${from} (${LAYERS[lf]!.name}) imports ${to} (${LAYERS[lt]!.name})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('front ends import gradscope only through src/index.ts, never a core path', () => {
    const wrong: string[] = [];
    for (const from of FILES) {
      if (layerOf(from) !== FRONT) continue;
      for (const to of imports(from)) if (!frontEndMayImport(from, to)) wrong.push(`${from} imports ${to}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the core imports no front end, no DOM file and no node: module', () => {
    const wrong: string[] = [];
    for (const from of FILES) {
      if (layerOf(from) === FRONT) continue;
      const text = readFileSync(join(ROOT, from), 'utf8');
      if (/from\s*['"]node:/.test(text)) wrong.push(`${from} imports a node: module`);
      for (const to of imports(from)) if (layerOf(to) === FRONT) wrong.push(`${from} imports ${to}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the checker sees an upward import when there is one (the rule can fail)', () => {
    expect(layerOf('src/core/kernels/reference.ts')).toBeLessThan(layerOf('src/core/train/session.ts'));
    expect(imports('src/core/train/session.ts')).toContain('src/core/diagnostics/diagnose.ts');
    expect(frontEndMayImport('src/cli/main.ts', 'src/core/config.ts')).toBe(false);
  });
});
