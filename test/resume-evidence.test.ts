// A resumed run's overfitting sentence and its evidence line quote the same step, and both equal the
// uninterrupted run's. The user's case: a sentence at step 1660 beside `valLossMinStep 1700` — one
// number, printed by the evidence line to 2 significant digits.

import { describe, expect, it } from 'vitest';
import {
  createSession,
  decodeCheckpoint,
  encodeCheckpoint,
  formatDiagnosis,
  prepareData,
  resolveConfig,
  restoreCheckpoint,
} from '../src/index.js';

// spiral overfits; --log-every 7 puts the lowest validation loss at step 1169, which 2 significant
// digits print as 1200
const CONFIG = resolveConfig({
  data: 'spiral',
  samples: 120,
  noise: 0.3,
  valSplit: 0.25,
  depth: 3,
  width: 24,
  steps: 1500,
  logEvery: 7,
  optimizer: 'adam',
  lr: 0.05,
  seed: 2,
});
// a bounded history, as `train --out` keeps: the fit rules read the digest
const open = () => createSession(CONFIG, prepareData(CONFIG), { clock: null, maxHistory: 32 });

describe('the overfitting finding of a resumed run', () => {
  it('quotes the step of the lowest validation loss exactly, in the sentence and in the evidence line', () => {
    const whole = open();
    while (!whole.done) whole.step();
    const want = whole.finish();

    const first = open();
    while (first.stepCount < 700) first.step();
    const resumed = open();
    restoreCheckpoint(resumed, decodeCheckpoint(encodeCheckpoint(first, 'test'), 'ckpt'), 'ckpt');
    while (!resumed.done) resumed.step();
    const got = resumed.finish();

    const f = got.diagnosis.findings.find((x) => x.code === 'overfitting')!;
    expect(f.evidence.valLossMinStep).toBe(1169);
    const text = formatDiagnosis(got.diagnosis);
    const block = text.slice(text.indexOf('\noverfitting'));
    const sentence = Number(/\(step (\d+)\)/.exec(block)![1]);
    const evidence = Number(/valLossMinStep (\d+)/.exec(block)![1]);
    const since = Number(/evaluationsSinceMin (\d+)/.exec(block)![1]);
    expect(sentence).toBe(1169);
    expect(evidence).toBe(1169);
    expect(since).toBe(f.evidence.evaluationsSinceMin);
    expect(block).toContain(`over the last ${since} evaluations`);
    expect(text).toBe(formatDiagnosis(want.diagnosis));
  });
});
