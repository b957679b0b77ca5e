import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { nearestOtherLabelDistance } from './nearest.js';
import { addClassificationNoise, FLIP_LENGTH, flipProbability, JITTER } from './noise.js';
import { SHAPES } from './point-sets.js';

const clean = SHAPES.circle(4000, createRng(1));

describe('flipProbability', () => {
  it('is 0.5·noise on the boundary and decays by e every FLIP_LENGTH', () => {
    expect(flipProbability(1, 0)).toBe(0.5);
    expect(flipProbability(0.4, FLIP_LENGTH)).toBeCloseTo(0.2 / Math.E, 15);
    expect(flipProbability(0, 0)).toBe(0);
    expect(flipProbability(1, Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('addClassificationNoise', () => {
  it('changes nothing at noise 0', () => {
    const out = addClassificationNoise(clean.x, clean.y, 0, createRng(2));
    expect(out.x).toEqual(clean.x);
    expect(out.y).toEqual(clean.y);
    expect(out.flipped.every((f) => f === 0)).toBe(true);
  });

  it('flips labels as often as the flip probabilities predict, and marks the flipped ones', () => {
    const noise = 0.8;
    const out = addClassificationNoise(clean.x, clean.y, noise, createRng(3));
    const d = nearestOtherLabelDistance(clean.x, clean.y);
    let expected = 0;
    let variance = 0;
    for (const di of d) {
      const p = flipProbability(noise, di);
      expected += p;
      variance += p * (1 - p);
    }
    const flips = out.flipped.reduce((s, f) => s + f, 0);
    expect(Math.abs(flips - expected)).toBeLessThan(5 * Math.sqrt(variance));
    for (let i = 0; i < out.y.length; i++) expect(out.y[i] !== clean.y[i]).toBe(out.flipped[i] === 1);
  });

  it('jitters each coordinate with σ = JITTER·noise', () => {
    const out = addClassificationNoise(clean.x, clean.y, 0.5, createRng(4));
    let ss = 0;
    for (let k = 0; k < out.x.length; k++) ss += (out.x[k]! - clean.x[k]!) ** 2;
    expect(Math.sqrt(ss / out.x.length)).toBeCloseTo(JITTER * 0.5, 2);
  });

  it('only adds flips as noise rises, for the same rng seed', () => {
    const low = addClassificationNoise(clean.x, clean.y, 0.3, createRng(5));
    const high = addClassificationNoise(clean.x, clean.y, 0.9, createRng(5));
    for (let i = 0; i < low.flipped.length; i++) if (low.flipped[i]) expect(high.flipped[i]).toBe(1);
    expect(high.flipped.reduce((s, f) => s + f, 0)).toBeGreaterThan(low.flipped.reduce((s, f) => s + f, 0));
  });
});
