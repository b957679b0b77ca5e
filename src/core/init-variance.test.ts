import { describe, expect, it } from 'vitest';
import { parseBiasInit, parseInit, weightVariance } from './init.js';
import { createRng } from './rng.js';

function sampleVariance(v: Float64Array): { mean: number; variance: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, variance: v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length };
}

// 60,000 draws: the sample variance of a normal lies within 3% of the truth with overwhelming probability
describe('initializers the mean-field theory speaks in', () => {
  it.each([0.5, 1, 1.761, 4])(
    'variance-scaling:%s draws W ~ N(0, s/fan_in) (Keras VarianceScaling fan_in)',
    (s) => {
      const O = 300;
      const I = 200;
      const w = new Float64Array(O * I);
      const init = parseInit(`variance-scaling:${s}`);
      init.fill(w, O, I, createRng(5));
      const { mean, variance } = sampleVariance(w);
      expect(Math.abs(mean)).toBeLessThan(0.02 * Math.sqrt(s / I));
      expect(variance / (s / I)).toBeGreaterThan(0.97);
      expect(variance / (s / I)).toBeLessThan(1.03);
      expect(weightVariance(init, O, I)).toBe(s);
    },
  );

  it('normal:<σ_b> bias init draws N(0, σ_b²); a number is a constant; 0 is σ_b² = 0', () => {
    const b = new Float64Array(60_000);
    const bias = parseBiasInit('normal:0.2236');
    bias.fill(b, b.length, createRng(9));
    const { mean, variance } = sampleVariance(b);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance / 0.2236 ** 2).toBeGreaterThan(0.97);
    expect(variance / 0.2236 ** 2).toBeLessThan(1.03);
    expect(bias.variance).toBeCloseTo(0.05, 4);
    const c = parseBiasInit(0.1);
    c.fill(b, 3, createRng(1));
    expect([...b.subarray(0, 3)]).toEqual([0.1, 0.1, 0.1]);
    expect(c.variance).toBeNull();
    expect(parseBiasInit('0').variance).toBe(0);
  });

  it('σ_w² of each initializer is Var(W)·fan_in: He 2, LeCun 1, Xavier 2·I/(I+O), normal:std std²·I', () => {
    expect(weightVariance(parseInit('he-normal'), 10, 20)).toBe(2);
    expect(weightVariance(parseInit('lecun-normal'), 10, 20)).toBe(1);
    expect(weightVariance(parseInit('xavier-normal'), 20, 20)).toBe(1);
    expect(weightVariance(parseInit('xavier-uniform'), 10, 30)).toBeCloseTo(1.5, 12);
    expect(weightVariance(parseInit('normal:0.1'), 10, 50)).toBeCloseTo(0.5, 12);
    expect(weightVariance(parseInit('uniform:0.3'), 10, 100)).toBeCloseTo(3, 12);
    expect(weightVariance(parseInit('orthogonal'), 40, 20)).toBe(0.5);
    expect(weightVariance(parseInit('zeros'), 4, 4)).toBe(0);
  });

  it('refuses a scale that is not > 0 and a σ_b < 0 in one line', () => {
    expect(() => parseInit('variance-scaling:-1', '--init')).toThrow(
      '--init: expected variance-scaling:<a scale > 0>, got "variance-scaling:-1"',
    );
    expect(() => parseInit('variance-scaling:0', '--init')).toThrow('variance-scaling:<a scale > 0>');
    expect(() => parseBiasInit('normal:-0.1', '--bias-init')).toThrow(
      '--bias-init: expected a number, or normal:<σ_b ≥ 0> (biases N(0, σ_b²)), got "normal:-0.1"',
    );
  });
});
