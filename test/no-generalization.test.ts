// End to end: a CSV whose labels are random gets `no-generalization` (it read "healthy" before), from
// `train` and from `diagnose DIR` on the saved run alike; the same features with a learnable label do not.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradscope } from './helpers/cli.js';

const ROWS = 1000;
const FEATURES = 10;

/** 1,000 rows of 10 features in [−1, 1] (a fixed LCG, so the file is the same on every run), with a
 * random label 0–9 or the index of the largest feature (learnable: a linear boundary per class). */
function csv(label: 'random' | 'argmax'): string {
  let s = 12345;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const head = [...Array.from({ length: FEATURES }, (_, j) => `x${j}`), 'label'].join(',');
  const rows = [head];
  for (let i = 0; i < ROWS; i++) {
    const x = Array.from({ length: FEATURES }, () => Number((next() * 2 - 1).toFixed(3)));
    const random = Math.floor(next() * 10);
    rows.push([...x, label === 'random' ? random : x.indexOf(Math.max(...x))].join(','));
  }
  return `${rows.join('\n')}\n`;
}

interface Doc {
  final: { train: { accuracy: number }; val: { loss: number; accuracy: number } };
  diagnosis: {
    verdict: string[] | 'healthy';
    findings: { code: string; evidence: Record<string, number> }[];
  };
}

const dir = mkdtempSync(join(tmpdir(), 'gradscope-chance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function train(label: 'random' | 'argmax', out: string): Doc {
  const path = join(dir, `${label}.csv`);
  writeFileSync(path, csv(label));
  const args = ['train', '--data', path, '--hidden', '32,32', '--steps', '2000', '--json'];
  const r = gradscope([...args, '--out', join(dir, out)], { timeout: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

describe('validation at chance, end to end', () => {
  it('random labels on 10 classes: no-generalization, with val accuracy within the binomial margin of chance', () => {
    const doc = train('random', 'random-run');
    expect(doc.diagnosis.verdict).not.toBe('healthy');
    expect(doc.diagnosis.verdict[0]).toBe('no-generalization');
    const e = doc.diagnosis.findings[0]!.evidence;
    // 20% of 1,000 rows validate; the margin is 2σ of a binomial proportion at the chance rate
    expect(e.valExamples).toBe(200);
    expect(e.trainExamples).toBe(800);
    const c = e.chanceAccuracy!;
    expect(c).toBeGreaterThanOrEqual(0.1); // the majority class of 10 is at least 1/10
    expect(e.margin).toBeCloseTo(2 * Math.sqrt((c * (1 - c)) / 200), 12);
    expect(e.valAccuracy).toBe(doc.final.val.accuracy);
    expect(e.valAccuracy).toBeLessThanOrEqual(c + e.margin!);
    expect(doc.final.train.accuracy - doc.final.val.accuracy).toBeGreaterThan(e.gapMargin!);
    expect(doc.final.val.loss).toBeGreaterThan(Math.log(10));
    // the saved run reads back to the same verdict
    const again = gradscope(['diagnose', join(dir, 'random-run'), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(doc.diagnosis);
  });

  it('the same features with a learnable label: no no-generalization finding', () => {
    const doc = train('argmax', 'argmax-run');
    expect(doc.final.val.accuracy).toBeGreaterThan(0.5);
    expect(doc.diagnosis.verdict).not.toContain('no-generalization');
  });
});
