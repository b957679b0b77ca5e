import { describe, expect, it } from 'vitest';
import { gaussMean } from './gauss.js';
import { chi1, cMap, criticalWeightVariance, cStar, phaseOf, qStar, xiC, xiQ } from './mean-field.js';
import { momentsOf } from './moments.js';

const tanh = momentsOf('tanh');
const at = (sigmaW2: number, sigmaB2 = 0.05) => ({ sigmaW2, sigmaB2 });

describe('mean-field maps for tanh at σ_b² = 0.05 (Schoenholz et al. 2017, 201-point Gauss–Hermite values)', () => {
  it.each([
    [1.0, 0.759],
    [1.5, 0.9386],
    [2.5, 1.1335],
    [4.0, 1.3424],
  ])('χ₁ at σ_w² = %s is %s', (sigmaW2, expected) => {
    const v = at(sigmaW2);
    expect(chi1(tanh, v, qStar(tanh, v))).toBeCloseTo(expected, 4);
  });

  it('q* is a fixed point of the length map: σ_w² E[tanh(√q* z)²] + σ_b² = q*', () => {
    const v = at(2.5);
    const q = qStar(tanh, v);
    const s = Math.sqrt(q);
    expect(2.5 * gaussMean((z) => Math.tanh(s * z) ** 2) + 0.05).toBeCloseTo(q, 12);
  });

  it.each([
    [1.0, 3.63, 2],
    [1.5, 15.8, 1],
    [2.5, 11.8, 1],
  ])('ξ_c at σ_w² = %s is %s layers', (sigmaW2, expected, digits) => {
    expect(xiC(tanh, at(sigmaW2))).toBeCloseTo(expected, digits);
  });

  it('in the ordered phase c* = 1 and ξ_c = −1/ln χ₁; in the chaotic phase c* < 1 is a fixed point of the c-map', () => {
    const ordered = at(1.0);
    const q1 = qStar(tanh, ordered);
    expect(cStar(tanh, ordered, q1)).toBe(1);
    expect(xiC(tanh, ordered)).toBeCloseTo(-1 / Math.log(chi1(tanh, ordered, q1)), 12);
    const chaotic = at(4.0);
    const q4 = qStar(tanh, chaotic);
    const c = cStar(tanh, chaotic, q4);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(cMap(tanh, chaotic, q4, c)).toBeCloseTo(c, 10);
  });

  it('the c-map keeps c = 1 (identical inputs stay identical) and maps c = 0 to (σ_w² E[φ]² + σ_b²)/q*', () => {
    const v = at(2.5);
    const q = qStar(tanh, v);
    expect(cMap(tanh, v, q, 1)).toBeCloseTo(1, 12);
    expect(cMap(tanh, v, q, 0)).toBeCloseTo(0.05 / q, 12);
  });

  it('ξ_q is finite on both sides of the edge of chaos and shorter than ξ_c near it', () => {
    for (const s of [1.0, 1.7, 2.5]) {
      const x = xiQ(tanh, at(s));
      expect(x).toBeGreaterThan(0);
      expect(Number.isFinite(x)).toBe(true);
    }
    expect(xiQ(tanh, at(1.75))).toBeLessThan(xiC(tanh, at(1.75)));
  });

  it.each([
    [0, 1.0],
    [1e-4, 1.086],
    [0.01, 1.424],
    [0.05, 1.761],
    [0.1, 1.986],
    [0.3, 2.505],
  ])('the critical line of tanh at σ_b² = %s is σ_w² = %s (within 1e-3)', (sigmaB2, expected) => {
    expect(Math.abs(criticalWeightVariance(tanh, sigmaB2) - expected)).toBeLessThan(1e-3);
  });

  it('names the phase from χ₁: ordered below 1, critical within 1%, chaotic above', () => {
    expect(phaseOf(0.759)).toBe('ordered');
    expect(phaseOf(1.005)).toBe('critical');
    expect(phaseOf(1.1335)).toBe('chaotic');
  });

  it('refuses a negative σ_b² in one line', () => {
    expect(() => criticalWeightVariance(tanh, -1)).toThrow(
      'criticalWeightVariance: sigmaB2: expected a finite number ≥ 0, got -1',
    );
    expect(() => qStar(tanh, { sigmaW2: Number.NaN, sigmaB2: 0 })).toThrow('qStar: sigmaW2');
  });
});

describe('closed forms', () => {
  const relu = momentsOf('relu');

  it('ReLU: χ₁ = σ_w²/2 exactly, for every σ_b², and the He point σ_w² = 2 is critical', () => {
    for (const s of [0.5, 1, 2, 3]) expect(chi1(relu, at(s, 0.1), 1.7)).toBe(s / 2);
    for (const b of [0, 0.05, 0.3]) expect(criticalWeightVariance(relu, b)).toBeCloseTo(2, 9);
  });

  it('ReLU: E[relu(u)²] = q/2, and the arc-cosine pair moment at c = 0 is E[relu]² = q/(2π)', () => {
    expect(relu.meanSquare(3)).toBe(1.5);
    expect(relu.cross(3, 0)).toBeCloseTo(3 / (2 * Math.PI), 14);
    expect(relu.cross(3, 1)).toBeCloseTo(1.5, 14);
    expect(relu.derivCross(3, 0)).toBeCloseTo(0.25, 14);
  });

  it('leaky-relu and ELU moments agree with a brute-force sum (the kink at 0 split exactly)', () => {
    const half = (g: (z: number) => number) => {
      // trapezoid on each half-line, so the kink sits on a grid point
      const n = 100_000;
      const h = 12 / n;
      let s = 0;
      for (let i = 0; i <= n; i++) {
        const wt = i === 0 || i === n ? 0.5 : 1;
        const t = i * h;
        s += wt * (g(t) + g(-t)) * Math.exp((-t * t) / 2);
      }
      return (s * h) / Math.sqrt(2 * Math.PI);
    };
    const q = 1.3;
    const s = Math.sqrt(q);
    const leaky = momentsOf('leaky-relu:0.2');
    expect(leaky.meanSquare(q)).toBeCloseTo(
      half((z) => (z > 0 ? s * z : 0.2 * s * z) ** 2),
      8,
    );
    const elu = momentsOf('elu');
    const f = (u: number) => (u > 0 ? u : Math.expm1(u));
    const df = (u: number) => (u > 0 ? 1 : Math.exp(u));
    // NOTE: quadrature across ELU's kink (in f'' at 0) converges algebraically: ~1e-5 for E[f²], ~2e-3 for
    // E[f'²] (the kinked one), not the 1e-12 of a smooth activation; applicability() says so
    expect(Math.abs(elu.meanSquare(q) - half((z) => f(s * z) ** 2))).toBeLessThan(1e-5);
    expect(Math.abs(elu.derivSquare(q) - half((z) => df(s * z) ** 2))).toBeLessThan(3e-3);
  });

  it('linear: χ₁ = σ_w², so the critical point is σ_w² = 1', () => {
    const lin = momentsOf('linear');
    expect(chi1(lin, at(1.3), 5)).toBe(1.3);
    expect(criticalWeightVariance(lin, 0.05)).toBeCloseTo(1, 9);
  });

  it("sigmoid at σ_w² = 1, σ_b² = 0 predicts √χ₁ = 0.236 per layer: the notes' 0.25 is its bound", () => {
    const sig = momentsOf('sigmoid');
    const v = at(1, 0);
    expect(Math.sqrt(chi1(sig, v, qStar(sig, v)))).toBeCloseTo(0.236, 3);
  });
});
