import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradscope, tempDir } from './helpers/cli.js';
import { trained, writeRunDir } from './helpers/trained.js';

describe('gradscope train and diagnose report the diagnosis', () => {
  it('diagnose DIR prints the same diagnosis that train --json computed, from summary.json or the metrics alone', () => {
    const dir = tempDir();
    const trained = gradscope([
      'train',
      '--data',
      'circle',
      '--depth',
      '20',
      '--width',
      '32',
      '--activation',
      'sigmoid',
      '--init',
      'xavier-normal',
      '--steps',
      '30',
      '--json',
      '--out',
      dir,
    ]);
    expect(trained.code).toBe(0);
    const doc = JSON.parse(trained.stdout);
    expect(doc.diagnosis.verdict).toContain('vanishing');
    const again = gradscope(['diagnose', dir, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(doc.diagnosis);
    const human = gradscope(['diagnose', dir]);
    expect(human.stdout).toMatch(/^diagnosis: .*vanishing/);
    expect(human.stdout).toContain('try: use `--activation relu --init he-normal`');
    // without summary.json the diagnosis is rebuilt from config.json + metrics.jsonl
    rmSync(join(dir, 'summary.json'));
    const fromMetrics = gradscope(['diagnose', dir, '--json']);
    expect(fromMetrics.code).toBe(0);
    expect(JSON.parse(fromMetrics.stdout).verdict).toContain('vanishing');
  });

  it('diagnose and report read a version-1 run directory: summary.json, or config.json + metrics.jsonl alone', () => {
    const deep = { data: 'circle', depth: 20, width: 32, activation: 'sigmoid' };
    const saved = trained({ ...deep, steps: 30, clipNorm: 0.5 });
    const dir = writeRunDir(join(tempDir(), 'run'), saved);
    const full = gradscope(['diagnose', dir, '--json']);
    expect(full.code, full.stderr).toBe(0);
    expect(JSON.parse(full.stdout)).toEqual(saved.result.diagnosis);
    const report = gradscope(['report', dir]);
    expect(report.code, report.stderr).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const section of ['vanishing', 'Bound check', 'Clipping events', '"kind":"heatmap"'])
      expect(html).toContain(section);
    rmSync(join(dir, 'summary.json'));
    const partial = gradscope(['diagnose', dir, '--json']);
    expect(partial.code, partial.stderr).toBe(0);
    expect(JSON.parse(partial.stdout).verdict).toContain('vanishing');
    expect(gradscope(['report', dir, '--out', join(dir, 'partial.html')]).code).toBe(0);
    expect(readFileSync(join(dir, 'partial.html'), 'utf8')).toContain('Training curves');
  });

  it('the human train output ends with the diagnosis block', () => {
    const r = gradscope(
      'train --data circle --depth 20 --width 32 --activation relu --init he-normal --steps 0'.split(' '),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/signalGradNorm/);
    expect(r.stdout).toMatch(/diagnosis: healthy/);
  });

  it('a learning rate of 1e6 stops at the first NaN/Inf: exit 3, one line naming tensor, layer and step', () => {
    const r = gradscope('train --data sine --hidden 8,8 --lr 1e6 --steps 50 --json'.split(' '));
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gradscope: non-finite value in \S+ of layer \d+ at step \d+$/m);
    const doc = JSON.parse(r.stdout);
    expect(doc.diagnosis.verdict).toContain('non-finite');
    expect(r.stderr).toContain(`layer ${doc.nonFinite.layer} at step ${doc.nonFinite.step}`);
  });

  it('a tanh net at lr 1e6 saturates with finite numbers: the diagnosis says the steps overshoot and to lower --lr', () => {
    const r = gradscope(['train', '--lr', '1e6', '--steps', '200', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Number.isFinite(doc.final.train.loss)).toBe(true);
    const under = doc.diagnosis.findings.find((f: { code: string }) => f.code === 'underfitting');
    expect(under.explanation).toMatch(/overshoot/);
    expect(under.fixes).toEqual([{ scale: 'lr', by: 0.01, reason: 'the updates overshoot' }]);
    expect(under.suggestion).toBe('lower `--lr` (now 1e6) 100× (the updates overshoot)');
  });

  it('diagnose without a run directory exits 2 with one line', () => {
    const r = gradscope(['diagnose', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradscope: diagnose: expected a directory written by train --out/);
  });
});

describe('gradscope diagnose --fail-on', () => {
  const vanishing = trained({ data: 'circle', depth: 20, width: 32, activation: 'sigmoid', steps: 30 });
  const dir = writeRunDir(join(tempDir(), 'run'), vanishing);

  it('exits 4 when the verdict holds a listed code, still printing the diagnosis', () => {
    expect(vanishing.result.diagnosis.verdict).toContain('vanishing');
    expect(vanishing.result.diagnosis.verdict).not.toContain('non-finite');
    const r = gradscope(['diagnose', dir, '--fail-on', 'vanishing,non-finite']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^diagnosis: .*vanishing/);
    const json = gradscope(['diagnose', dir, '--json', '--fail-on=non-finite, vanishing']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toEqual(vanishing.result.diagnosis);
  });

  it('exits 0 when none of the listed codes is in the verdict', () => {
    const r = gradscope(['diagnose', dir, '--fail-on', 'non-finite,exploding']);
    expect(r.code, r.stderr).toBe(0);
  });

  it.each([
    ['vanishing,nope', 'nope'],
    ['healthy', 'healthy'],
    ['', ''],
    ['vanishing,', ''],
  ])('refuses --fail-on %j with exit 2 and one line listing the valid codes', (list, bad) => {
    const r = gradscope(['diagnose', dir, '--fail-on', list]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `gradscope: --fail-on: expected comma-separated finding codes among non-finite, exploding, vanishing, dead-relu, saturated, no-generalization, overfitting, underfitting, got ${JSON.stringify(bad)}\n`,
    );
  });
});
