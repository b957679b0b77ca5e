import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradscope, tempDir } from './helpers/cli.js';

const NAMES = ['chain', 'activations', 'init', 'exploding', 'overfitting', 'modes', 'all'];

function oneLineListingNames(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  for (const n of NAMES) expect(lines[0]).toContain(n);
}

describe('gradscope experiment', () => {
  it('an unknown experiment name exits 2 with one line that lists the valid names', () => {
    const r = gradscope(['experiment', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    oneLineListingNames(r.stderr);
  });

  it('an unknown flag exits 2 with one line that lists the valid names and flags', () => {
    const r = gradscope(['experiment', 'chain', '--bogus', '1']);
    expect(r.code).toBe(2);
    oneLineListingNames(r.stderr);
    expect(r.stderr).toContain('--bogus');
    expect(r.stderr).toContain('--seed');
  });

  it('a missing name and a bad seed exit 2 with one line', () => {
    const none = gradscope(['experiment']);
    expect(none.code).toBe(2);
    oneLineListingNames(none.stderr);
    const seed = gradscope(['experiment', 'chain', '--seed', '-1']);
    expect(seed.code).toBe(2);
    expect(seed.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('chain prints its table with the erratum marked and writes DIR/report.html and results.json', () => {
    const out = tempDir();
    const r = gradscope(['experiment', 'chain', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\.5\s+50\s+6\.376e\+8\s+6\.376e\+8/);
    expect(r.stdout).toContain('ERRATUM');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const saved = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(saved.name).toBe('chain');
  });

  it('--json prints one JSON document with the numbers and nothing else on stdout', () => {
    const out = tempDir();
    const r = gradscope(['experiment', 'chain', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.data.maxRelError).toBeLessThan(1e-12);
    expect(doc.tables[0].rows.length).toBe(18);
  });
});

describe('gradscope report', () => {
  it('falls back to config.json + metrics.jsonl when summary.json is absent', () => {
    const run = tempDir();
    const args = ['train', '--depth', '3', '--width', '8', '--steps', '20', '--log-every', '5', '--out', run];
    expect(gradscope(args).code).toBe(0);
    rmSync(join(run, 'summary.json'));
    const r = gradscope(['report', run, '--out', join(run, 'r.html')]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(run, 'r.html'), 'utf8');
    expect(html).toContain('Training curves and gradient flow');
    expect(html).toContain('"kind":"heatmap"');
  });

  it('a directory without a saved run exits 2 with one line', () => {
    const r = gradscope(['report', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
