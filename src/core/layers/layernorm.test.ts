import { describe, expect, it } from 'vitest';
import {
  adjointGap,
  bindFresh,
  checkLayerBackward,
  checkLayerJvp,
  float64Ctx,
  randomVec,
} from '../../../test/helpers/layercheck.js';
import { createRng } from '../rng.js';
import { createLayerNorm, LAYERNORM_EPS } from './layernorm.js';

const TOL = 1e-6;

describe('LayerNorm', () => {
  const B = 4;
  const N = 5;
  const rng = createRng(11);

  it('normalises each row with its mean and biased variance, then applies γ and β (init 1 and 0)', () => {
    const ln = createLayerNorm(float64Ctx(1), 4);
    const { values } = bindFresh(ln);
    expect(Array.from(values[0]!)).toEqual([1, 1, 1, 1]);
    expect(Array.from(values[1]!)).toEqual([0, 0, 0, 0]);
    const y = ln.forward(Float64Array.from([1, 2, 3, 4]), 1, 'train');
    const s = Math.sqrt(1.25 + LAYERNORM_EPS); // mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4
    for (const [j, d] of [-1.5, -0.5, 0.5, 1.5].entries()) expect(y[j]).toBeCloseTo(d / s, 14);
  });

  it('names its parameters weight and bias, excluded from decay, with no state', () => {
    const ln = createLayerNorm(float64Ctx(1), 3);
    expect(ln.params.map((p) => [p.name, p.shape, p.decay])).toEqual([
      ['weight', [3], false],
      ['bias', [3], false],
    ]);
    expect(ln.state).toEqual([]);
  });

  it('backward matches central differences for dx, dγ and dβ', () => {
    const ln = createLayerNorm(float64Ctx(B), N);
    const bound = bindFresh(ln);
    bound.values[0]!.set(randomVec(N, rng, 1).map((g) => 1 + 0.5 * g));
    bound.values[1]!.set(randomVec(N, rng, 0.3));
    const err = checkLayerBackward(ln, bound, randomVec(B * N, rng, 2), B, randomVec(B * N, rng), 'train');
    expect(err.dx).toBeLessThan(TOL);
    expect(Math.max(...err.params)).toBeLessThan(TOL);
  });

  it('jvp matches central differences of forward, and vjp is its adjoint', () => {
    const ln = createLayerNorm(float64Ctx(B), N);
    const bound = bindFresh(ln);
    bound.values[0]!.set(randomVec(N, rng, 1));
    const x = randomVec(B * N, rng, 2);
    expect(checkLayerJvp(ln, x, B, randomVec(B * N, rng), 'train')).toBeLessThan(TOL);
    ln.forward(x, B, 'train');
    expect(adjointGap(ln, B, randomVec(B * N, rng), randomVec(B * N, rng))).toBeLessThan(1e-12);
  });

  it('vjp equals backward’s dx (a per-row function has no batch coupling)', () => {
    const ln = createLayerNorm(float64Ctx(B), N);
    bindFresh(ln);
    const x = randomVec(B * N, rng);
    const dy = randomVec(B * N, rng);
    ln.forward(x, B, 'train');
    const dx = Float64Array.from(ln.backward(dy, B, true)!.subarray(0, B * N));
    const v = ln.vjp(dy, B);
    for (let i = 0; i < B * N; i++) expect(v[i]).toBeCloseTo(dx[i]!, 14);
  });
});
