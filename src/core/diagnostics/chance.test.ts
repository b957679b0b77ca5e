// `no-generalization` on hand-built run documents: validation at chance (a binomial margin for its size)
// while training beat it, told apart from underfitting (training at chance too) and overfitting
// (validation improved, then worsened). The held-out baseline it reads is tested in rules.test.ts.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import { diagnose } from './diagnose.js';
import type { Finding } from './finding.js';
import type { RunDocument, RunHistoryView } from './run-document.js';
import { CHANCE_Z } from './thresholds.js';

const LN10 = Math.LN10;
const CONFIG = resolveConfig({ hidden: [32, 32], lr: 0.1, l2: 0 });

/** a logged step without instruments */
function logged(step: number, loss: number, val: number): RunHistoryView {
  const clip = { clipPreNorm: 1, clipPostNorm: 1, clipped: false };
  return { step, epoch: 0, loss, penalty: 0, gradNorm: [], ...clip, val: { loss: val } };
}

/** train falls throughout; val follows `val` */
const curve = (val: readonly number[]): RunHistoryView[] =>
  val.map((v, i) => logged((i + 1) * 100, 2.3 / (1 + 0.1 * i), v));

/** The user's run: 10 classes, 500 validation and 2,000 training examples, validation 10.6% against 10%. */
function tenClasses(over: {
  valAcc?: number;
  trainAcc?: number;
  trainLoss?: number;
  val?: readonly number[];
  config?: RunDocument['config'];
}): RunDocument {
  const val = over.val ?? [2.304, 2.31, 2.32, 2.33, 2.34, 2.35];
  const trainLoss = over.trainLoss ?? 2.0;
  return {
    config: over.config ?? CONFIG,
    steps: 2000,
    final: {
      train: { loss: trainLoss, accuracy: over.trainAcc ?? 0.27, penalty: 0, objective: trainLoss },
      val: { loss: val.at(-1)!, accuracy: over.valAcc ?? 0.106 },
    },
    layers: [0, 1, 2].map((index) => ({ index, activation: 'tanh', fanOut: 32, weightNorm: 1 })),
    history: curve(val),
    baseline: { constantLoss: LN10, n: 2000, val: { n: 500, chanceAccuracy: 0.1, constantLoss: LN10 } },
  };
}

const codes = (d: RunDocument) => diagnose(d).verdict;
const finding = (d: RunDocument, code: string): Finding | undefined =>
  diagnose(d).findings.find((f) => f.code === code);

// by hand: margin = 2·√(0.1·0.9/500) = 2·√1.8e-4 = 0.026833, gap margin = 2·√(0.09·(1/2000 + 1/500)) = 0.03
const MARGIN = 0.0268328157;
const GAP = 0.03;

describe('no-generalization', () => {
  it(`fires on validation accuracy within ${CHANCE_Z} binomial standard errors of chance while training beat it`, () => {
    const d = tenClasses({});
    expect(codes(d)).toEqual(['no-generalization']);
    const f = finding(d, 'no-generalization')!;
    expect(f.evidence).toMatchObject({
      valAccuracy: 0.106,
      chanceAccuracy: 0.1,
      valExamples: 500,
      trainAccuracy: 0.27,
      trainExamples: 2000,
      valLossMin: 2.304,
    });
    expect(f.evidence.margin).toBeCloseTo(MARGIN, 9);
    expect(f.evidence.gapMargin).toBeCloseTo(GAP, 12);
    expect(f.explanation).toContain('Validation accuracy 10.6% is no better than chance');
    expect(f.explanation).toContain('margin of 2.7% for its 500 examples');
    expect(f.explanation).toContain('training accuracy reached 27.0%');
    expect(f.explanation).toMatch(/labels shuffled apart from their rows/);
  });

  it('stops at the margin: validation accuracy above chance + margin is not chance', () => {
    expect(codes(tenClasses({ valAcc: 0.1 + MARGIN - 0.001 }))).toEqual(['no-generalization']);
    expect(codes(tenClasses({ valAcc: 0.1 + MARGIN + 0.001, trainAcc: 0.5 }))).toBe('healthy');
  });

  it('is underfitting, not no-generalization, when training is within the gap margin of validation', () => {
    // train accuracy 0.106 + 0.03 − 0.001: both at chance; the training loss 98% of the constant's
    const atChance = tenClasses({ trainAcc: 0.106 + GAP - 0.001, trainLoss: 0.98 * LN10 });
    expect(codes(atChance)).toEqual(['underfitting']);
    const beyond = tenClasses({ trainAcc: 0.106 + GAP + 0.001, trainLoss: 0.98 * LN10 });
    expect(codes(beyond)).toEqual(['no-generalization', 'underfitting']);
    // the underfitting follows: "train longer" or "more capacity" would only memorise more
    const [lead, follower] = diagnose(beyond).findings;
    expect(follower!.fixes).toEqual(lead!.fixes);
    expect(follower!.explanation).toMatch(/follows from the first finding above/);
  });

  it('is overfitting, not no-generalization, when validation loss first fell below chance, then rose', () => {
    const d = tenClasses({ val: [2.2, 1.6, 1.5, 1.7, 1.9, 2.1, 2.3, 2.4, 2.45] });
    expect(codes(d)).toEqual(['overfitting']);
    // never below 90% of the chance loss (2.072): no-generalization leads, the overfitting follows
    const never = tenClasses({ val: [2.2, 2.1, 2.08, 2.15, 2.2, 2.3, 2.35, 2.4, 2.45] });
    expect(codes(never)).toEqual(['no-generalization', 'overfitting']);
  });

  it('is silent when the probabilities learned though the accuracy sits at the majority rate', () => {
    expect(codes(tenClasses({ val: [2.0, 1.9, 1.9, 1.9, 1.9, 1.9] }))).toBe('healthy');
  });

  it('is silent on a validation set too small to tell any accuracy from chance', () => {
    // 9 examples at c = 0.5: 0.5 + 2·√(0.25/9) = 0.5 + 0.333 < 1 can tell; 4: 0.5 + 0.5 = 1 cannot
    const at = (n: number, valAcc: number): RunDocument => {
      const d = tenClasses({ valAcc, trainAcc: 1 });
      return { ...d, baseline: { ...d.baseline!, val: { n, chanceAccuracy: 0.5, constantLoss: LN10 } } };
    };
    expect(codes(at(9, 5 / 9))).toEqual(['no-generalization']);
    expect(codes(at(4, 0.5))).toBe('healthy');
  });

  it('is silent without a held-out baseline (an older document) or before the fit rules start', () => {
    const { val: _, ...old } = tenClasses({}).baseline!;
    expect(codes({ ...tenClasses({}), baseline: old })).toBe('healthy');
    expect(codes({ ...tenClasses({}), steps: 50 })).toBe('healthy');
  });

  it('regression: validation loss within 2·√(2/n) of predicting the training mean, training loss below 90%', () => {
    // n = 200: the relative margin is 2·√(2/200) = 0.2, so a validation loss ≥ 0.8 is chance
    const mse = (valMin: number, trainLoss: number): RunDocument => ({
      ...tenClasses({}),
      final: { train: { loss: trainLoss, penalty: 0, objective: trainLoss }, val: { loss: 1.1 } },
      history: curve([1.0, valMin, 0.9, 1.0, 1.1]),
      baseline: { constantLoss: 1, n: 800, val: { n: 200, chanceAccuracy: null, constantLoss: 1 } },
    });
    const f = finding(mse(0.81, 0.3), 'no-generalization')!;
    expect(f.evidence).toMatchObject({ valLossMin: 0.81, chanceLoss: 1, valExamples: 200, trainLoss: 0.3 });
    expect(f.evidence.margin).toBeCloseTo(0.2, 12);
    expect(finding(mse(0.79, 0.3), 'no-generalization')).toBeUndefined();
    // 8 examples: 2·√(2/8) = 1, so no validation loss could tell
    const tiny = mse(0.81, 0.3);
    const few = { ...tiny, baseline: { ...tiny.baseline!, val: { ...tiny.baseline!.val!, n: 8 } } };
    expect(finding(few, 'no-generalization')).toBeUndefined();
    expect(codes(mse(0.81, 0.95))).toEqual(['underfitting']);
  });

  it('offers more data of the same kind, then the λ penalty, then dropout, as data', () => {
    const generated = finding(tenClasses({}), 'no-generalization')!;
    expect(generated.fixes.map((x) => ('set' in x ? x.set : { [x.scale]: x.by }))).toEqual([
      { samples: 2 },
      { l2: 0.01 },
      { dropout: 0.2 },
    ]);
    expect(generated.suggestion).toMatch(/^raise `--samples` \(now 400\) 2×/);
    // a CSV using all its rows has no more to give; a subset (--train-size) has
    const csv = resolveConfig({ data: 'rand.csv', hidden: [32, 32], l2: 0.01 });
    const all = finding(tenClasses({ config: csv }), 'no-generalization')!;
    expect(all.fixes[0]).toEqual({ scale: 'l2', by: 3, reason: expect.any(String) });
    const subset = finding(tenClasses({ config: { ...csv, trainSize: 500 } }), 'no-generalization')!;
    expect(subset.fixes[0]).toEqual({ scale: 'trainSize', by: 2, reason: expect.any(String) });
  });
});
