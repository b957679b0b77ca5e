import { describe, expect, it } from 'vitest';
import { applicability, type TheoryNet } from './applicability.js';
import { predictTheory, theorySentence } from './predict.js';

const plain: TheoryNet = {
  activation: 'tanh',
  hidden: [400, 400, 400],
  weightVariances: [1, 1, 1, 1],
  biasVariance: 0.05,
  norm: 'none',
  residual: false,
  dropout: 0,
};

describe('applicability', () => {
  it('applies to a plain wide MLP with Gaussian weights, with the at-initialization caveat only', () => {
    const a = applicability(plain);
    expect(a.applies).toBe(true);
    expect(a.reasons).toEqual([]);
    expect(a.caveats).toHaveLength(1);
  });

  it.each([
    [{ norm: 'layer' as const }, 'LayerNorm'],
    [{ norm: 'batch' as const }, 'BatchNorm'],
    [{ residual: true }, 'residual'],
    [{ dropout: 0.1 }, 'dropout'],
    [{ biasVariance: null }, 'constant'],
    [{ weightVariances: [0, 0, 0, 0] }, 'zeros'],
  ])('does not apply with %o, and says why', (change, word) => {
    const a = applicability({ ...plain, ...change });
    expect(a.applies).toBe(false);
    expect(a.reasons.join(' ')).toContain(word);
    expect(predictTheory({ ...plain, ...change }).applies).toBe(false);
    expect(theorySentence(predictTheory({ ...plain, ...change }))).toBeNull();
  });

  it('warns about finite width below 100 units', () => {
    expect(applicability({ ...plain, hidden: [8, 8] }).caveats.join(' ')).toContain('width 8 is finite');
  });
});

describe('predictTheory', () => {
  it('predicts √χ₁ for every layer once q has reached q*, and the phase and ξ_c for tanh at σ_w² = 1', () => {
    const p = predictTheory(plain);
    if (!p.applies) throw new Error('expected a prediction');
    expect(p.chi1).toBeCloseTo(0.759, 3);
    expect(p.factor).toBeCloseTo(Math.sqrt(0.759), 3);
    expect(p.phase).toBe('ordered');
    expect(p.xiC).toBeCloseTo(3.63, 2);
    expect(p.criticalSigmaW2).toBeCloseTo(1.761, 3);
    expect(p.layers.map((l) => l.factor)).toEqual([p.factor, p.factor, p.factor, null]);
    expect(theorySentence(p)).toBe(
      'theory: χ₁ = 0.76 (ordered), ξ_c = 3.6 layers; this net has 3, ≈ 0.83 ξ_c',
    );
  });

  it('names the layers in the sentence when ξ_c is infinite (no ratio to quote), in the singular for one', () => {
    const p = predictTheory(plain);
    if (!p.applies) throw new Error('expected a prediction');
    const critical = { ...p, chi1: 1, phase: 'critical' as const, xiC: Number.POSITIVE_INFINITY };
    expect(theorySentence({ ...critical, depth: 2 })).toBe(
      'theory: χ₁ = 1.00 (critical), ξ_c = ∞ (critical); this net has 2 hidden layers',
    );
    expect(theorySentence({ ...critical, depth: 1 })).toBe(
      'theory: χ₁ = 1.00 (critical), ξ_c = ∞ (critical); this net has 1 hidden layer',
    );
  });

  it('follows the length map from the input: q_0 = σ_w² E‖x‖²/I + σ_b², and each layer moves q toward q*', () => {
    const p = predictTheory({ ...plain, weightVariances: [2.5, 2.5, 2.5, 2.5] }, 4);
    if (!p.applies) throw new Error('expected a prediction');
    expect(p.layers[0]!.q).toBeCloseTo(2.5 * 4 + 0.05, 12);
    const gaps = p.layers.map((l) => Math.abs(l.q - p.qStar));
    for (let l = 1; l < gaps.length; l++) expect(gaps[l]!).toBeLessThan(gaps[l - 1]!);
  });
});
