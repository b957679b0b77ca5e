// gradscope train --threads: a bad value is the house one-line refusal (exit 2); on a W2-shaped CSV
// (784 inputs, 10 classes, hidden 256, batch 128: products that split) 2 threads and auto print the
// same run as 1 thread, step for step.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../src/index.js';
import { gradscope, gradscopeAsync, tempDir } from './helpers/cli.js';

describe('gradscope train --threads', () => {
  it('refuses 0, 3 and words other than auto with one line and exit 2', () => {
    for (const bad of ['0', '3', 'many']) {
      const r = gradscope(['train', '--steps', '1', '--threads', bad]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(`gradscope: --threads: expected auto or an integer ≥ 1 and ≤ 2, got "${bad}"\n`);
    }
  });

  it('1, 2 and auto train a W2-shaped net to the same history, final numbers and probes', async () => {
    const rng = createRng(11);
    const header = [...Array.from({ length: 784 }, (_, j) => `x${j}`), 'y'].join(',');
    const rows = Array.from({ length: 300 }, () =>
      [...Array.from({ length: 784 }, () => rng.next().toFixed(3)), String(rng.int(10))].join(','),
    );
    const csv = join(tempDir(), 'w2.csv');
    writeFileSync(csv, `${[header, ...rows].join('\n')}\n`);
    const flags = [
      'train',
      '--data',
      csv,
      '--val-split',
      '0.2',
      '--hidden',
      '256,256',
      '--activation',
      'relu',
    ];
    flags.push('--init', 'he-normal', '--loss', 'ce', '--batch-size', '128', '--steps', '6', '--json');
    const runs = await Promise.all(
      ['1', '2', 'auto'].map((t) => gradscopeAsync([...flags, '--threads', t], { timeout: 120_000 })),
    );
    const docs = runs.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown> & { config: Record<string, unknown> };
    });
    expect(docs.map((d) => d.config.threads)).toEqual([1, 2, 'auto']);
    // a probe's wall time (ms) is the one field that may differ
    const probes = (d: Record<string, unknown>) =>
      (d.probes as Record<string, unknown>[]).map(({ ms: _ms, ...rest }) => rest);
    expect(probes(docs[0]!)).toHaveLength(2);
    for (const d of docs.slice(1)) {
      for (const key of ['history', 'final', 'layers', 'steps'] as const)
        expect(d[key], key).toEqual(docs[0]![key]);
      expect(probes(d)).toEqual(probes(docs[0]!));
    }
  });
});
