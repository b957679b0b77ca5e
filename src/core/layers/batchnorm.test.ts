import { describe, expect, it } from 'vitest';
import {
  adjointGap,
  bindFresh,
  checkLayerBackward,
  checkLayerJvp,
  float64Ctx,
  randomVec,
} from '../../../test/helpers/layercheck.js';
import { UsageError } from '../errors.js';
import { createRng } from '../rng.js';
import { BATCHNORM_EPS, createBatchNorm } from './batchnorm.js';

const TOL = 1e-6;

describe('BatchNorm1d', () => {
  const B = 5;
  const N = 3;
  const rng = createRng(12);

  it('train mode normalises each feature with the biased batch variance', () => {
    const bn = createBatchNorm(float64Ctx(4), 1);
    bindFresh(bn);
    const y = bn.forward(Float64Array.from([1, 2, 3, 6]), 4, 'train');
    // mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5
    const s = Math.sqrt(3.5 + BATCHNORM_EPS);
    for (const [r, d] of [-2, -1, 0, 3].entries()) expect(y[r]).toBeCloseTo(d / s, 14);
  });

  it('updates running_mean and running_var with momentum 0.1 and the unbiased batch variance', () => {
    const bn = createBatchNorm(float64Ctx(4), 1);
    const { state } = bindFresh(bn);
    expect([state[0]![0], state[1]![0]]).toEqual([0, 1]);
    bn.forward(Float64Array.from([1, 2, 3, 6]), 4, 'train');
    // unbiased variance 14 / 3
    expect(state[0]![0]).toBeCloseTo(0.9 * 0 + 0.1 * 3, 15);
    expect(state[1]![0]).toBeCloseTo(0.9 * 1 + (0.1 * 14) / 3, 15);
    bn.forward(Float64Array.from([0, 0, 2, 2]), 4, 'train');
    expect(state[0]![0]).toBeCloseTo(0.9 * 0.3 + 0.1 * 1, 15);
    expect(state[1]![0]).toBeCloseTo(0.9 * (0.9 + 1.4 / 3) + (0.1 * 4) / 3, 15);
  });

  it('eval mode normalises with the running statistics and leaves them unchanged', () => {
    const bn = createBatchNorm(float64Ctx(2), 2);
    const { values, state } = bindFresh(bn);
    values[0]!.set([2, -1]);
    values[1]!.set([0.5, 0]);
    state[0]!.set([1, -1]);
    state[1]!.set([4, 0.25]);
    const y = bn.forward(Float64Array.from([3, 0, 1, -1]), 2, 'eval');
    const s0 = Math.sqrt(4 + BATCHNORM_EPS);
    const s1 = Math.sqrt(0.25 + BATCHNORM_EPS);
    expect(y[0]).toBeCloseTo((2 * 2) / s0 + 0.5, 14);
    expect(y[1]).toBeCloseTo((-1 * 1) / s1, 14);
    expect(y[2]).toBeCloseTo(0.5, 14);
    expect(y[3]).toBeCloseTo(0, 14);
    expect(Array.from(state[0]!)).toEqual([1, -1]);
    expect(Array.from(state[1]!)).toEqual([4, 0.25]);
  });

  it('names weight, bias (no decay) and the state running_mean, running_var', () => {
    const bn = createBatchNorm(float64Ctx(2), 3);
    expect(bn.params.map((p) => [p.name, p.decay])).toEqual([
      ['weight', false],
      ['bias', false],
    ]);
    expect(bn.state.map((s) => [s.name, s.shape])).toEqual([
      ['running_mean', [3]],
      ['running_var', [3]],
    ]);
  });

  it.each(['train', 'eval'] as const)('backward in %s mode matches central differences', (mode) => {
    const bn = createBatchNorm(float64Ctx(B), N);
    const bound = bindFresh(bn);
    bound.values[0]!.set(randomVec(N, rng).map((g) => 1 + 0.5 * g));
    bound.values[1]!.set(randomVec(N, rng, 0.3));
    bound.state[0]!.set(randomVec(N, rng, 0.5));
    bound.state[1]!.set([0.5, 2, 1.3]);
    const err = checkLayerBackward(bn, bound, randomVec(B * N, rng, 2), B, randomVec(B * N, rng), mode);
    expect(err.dx).toBeLessThan(TOL);
    expect(Math.max(...err.params)).toBeLessThan(TOL);
  });

  it('eval-mode jvp matches central differences and vjp is its adjoint', () => {
    const bn = createBatchNorm(float64Ctx(B), N);
    const bound = bindFresh(bn);
    bound.values[0]!.set(randomVec(N, rng));
    bound.state[1]!.set([0.5, 2, 1.3]);
    const x = randomVec(B * N, rng);
    expect(checkLayerJvp(bn, x, B, randomVec(B * N, rng), 'eval')).toBeLessThan(TOL);
    bn.forward(x, B, 'eval');
    expect(adjointGap(bn, B, randomVec(B * N, rng), randomVec(B * N, rng))).toBeLessThan(1e-12);
  });

  it('train-mode jvp is the per-example linearization with the batch statistics held constant', () => {
    const bn = createBatchNorm(float64Ctx(B), N);
    const bound = bindFresh(bn);
    bound.values[0]!.set(randomVec(N, rng));
    const x = randomVec(B * N, rng, 2);
    // the frozen-statistics function is eval mode with running stats = this batch's mean and biased variance
    const mean = new Float64Array(N);
    const biased = new Float64Array(N);
    for (let r = 0; r < B; r++) for (let j = 0; j < N; j++) mean[j] += x[r * N + j]! / B;
    for (let r = 0; r < B; r++) for (let j = 0; j < N; j++) biased[j] += (x[r * N + j]! - mean[j]!) ** 2 / B;
    const frozen = createBatchNorm(float64Ctx(B), N);
    const f = bindFresh(frozen);
    f.values[0]!.set(bound.values[0]!);
    f.state[0]!.set(mean);
    f.state[1]!.set(biased);
    const v = randomVec(B * N, rng);
    const err = checkLayerJvp(bn, x, B, v, 'train', (xs) => frozen.forward(xs, B, 'eval'));
    expect(err).toBeLessThan(TOL);
    bn.forward(x, B, 'train');
    expect(adjointGap(bn, B, randomVec(B * N, rng), v)).toBeLessThan(1e-12);
  });

  it('train mode with one row throws a UsageError naming the operation and B, as PyTorch refuses it', () => {
    const bn = createBatchNorm(float64Ctx(2), 2);
    bindFresh(bn);
    const x = Float64Array.from([1, 2]);
    expect(() => bn.forward(x, 1, 'train')).toThrow(UsageError);
    expect(() => bn.forward(x, 1, 'train')).toThrow(/batchnorm.forward: B: expected ≥ 2 in train mode/);
    expect(() => bn.forward(x, 1, 'eval')).not.toThrow();
  });
});
