// record sits below diagnostics, train and experiments (they import its types); it never imports them,
// and every schema is built with the jitless `z` of zod.ts.

import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = import.meta.dirname;
const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('src/core/record', () => {
  it.each(sources)('%s imports nothing from diagnostics, train or experiments', (file) => {
    const text = readFileSync(resolve(DIR, file), 'utf8');
    expect(text).not.toMatch(/from '\.\.\/(diagnostics|train|experiments)\//);
  });

  it.each(sources.filter((f) => f !== 'zod.ts'))('%s takes zod values only through ./zod.js', (file) => {
    const text = readFileSync(resolve(DIR, file), 'utf8');
    expect(text).not.toMatch(/^import \{[^}]*\} from 'zod'/m);
  });
});
