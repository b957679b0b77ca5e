import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../kernels/reference.js';
import { createModel, type Model } from '../model.js';
import { createRng } from '../rng.js';
import type { DType } from '../tensor.js';
import { CLIP_NORM_EPS, type ClipSettings, clipGradients } from './clip.js';

const NONE: ClipSettings = { clipNorm: null, clipLayerNorm: null, clipValue: null };

/** 2 → 3 → 1: tensors layers.0.weight (6), layers.0.bias (3), layers.1.weight (3), layers.1.bias (1). */
function modelWithGrads(grads: readonly number[], dtype: DType = 'float64'): Model {
  const model = createModel(
    {
      inputDim: 2,
      hidden: [3],
      outputDim: 1,
      activation: 'tanh',
      init: 'xavier-normal',
      biasInit: 0,
      norm: 'none',
      residual: false,
      residualScale: 1,
      dropout: 0,
    },
    { kernels: referenceKernels, dtype, capacity: 1, rng: createRng(1) },
  );
  model.grads.set(grads);
  return model;
}

const G = [3, -4, 0, 1, 2, -2, 0.5, 0.5, -0.5, 10, 0, -1, 0.25];
const sumSq = G.reduce((s, g) => s + g * g, 0);

describe('clipGradients', () => {
  it('--clip-norm scales the global norm to max and returns the pre-clip norm (PyTorch clip_grad_norm_)', () => {
    const model = modelWithGrads(G);
    const c = 2;
    const r = clipGradients(model, { ...NONE, clipNorm: c });
    expect(r.preNorm).toBe(Math.sqrt(sumSq));
    expect(r.clipped).toBe(true);
    const coef = c / (Math.sqrt(sumSq) + CLIP_NORM_EPS);
    G.forEach((g, i) => {
      expect(model.grads[i]).toBeCloseTo(g * coef, 14);
    });
    expect(r.postNorm).toBeLessThanOrEqual(c + 1e-6);
    expect(r.postNorm).toBeCloseTo(Math.sqrt(sumSq) * coef, 12);
  });

  it('--clip-norm changes nothing when the norm is already below max', () => {
    const model = modelWithGrads(G);
    const r = clipGradients(model, { ...NONE, clipNorm: 100 });
    expect(Array.from(model.grads)).toEqual(G);
    expect(r).toEqual({ preNorm: Math.sqrt(sumSq), postNorm: Math.sqrt(sumSq), clipped: false });
  });

  it('--clip-norm leaves a zero gradient at zero (the 1e-6 keeps c / norm finite)', () => {
    const model = modelWithGrads(new Array(13).fill(0));
    expect(clipGradients(model, { ...NONE, clipNorm: 1 })).toEqual({
      preNorm: 0,
      postNorm: 0,
      clipped: false,
    });
    expect(Array.from(model.grads).every((g) => g === 0)).toBe(true);
  });

  it('accumulates norms in float64, so tiny float32 gradients do not underflow to a zero norm', () => {
    // NOTE: (1e-25)² = 1e-50 is below float32's smallest subnormal (~1.4e-45)
    const tiny = Math.fround(1e-25);
    const model = modelWithGrads(new Array(13).fill(tiny), 'float32');
    const r = clipGradients(model, { ...NONE, clipNorm: 1 });
    expect(r.preNorm / (tiny * Math.sqrt(13)) - 1).toBeLessThan(1e-12);
    expect(r.clipped).toBe(false);
  });

  it('--clip-norm keeps a float32 post-clip norm ≤ max up to 1e-6', () => {
    const model = modelWithGrads(
      G.map((g) => g * 1e3),
      'float32',
    );
    const r = clipGradients(model, { ...NONE, clipNorm: 0.1 });
    expect(r.clipped).toBe(true);
    expect(r.postNorm).toBeLessThanOrEqual(0.1 * (1 + 1e-6));
  });

  it('--clip-layer-norm scales each tensor over max to norm max and leaves the others (Keras clipnorm)', () => {
    const model = modelWithGrads(G);
    const r = clipGradients(model, { ...NONE, clipLayerNorm: 3 });
    const norms = model.tensors.map((t) => Math.hypot(...t.grad));
    // layers.0.weight [3, −4, 0, 1, 2, −2]: ‖·‖ = √34 > 3 → scaled to 3
    expect(norms[0]).toBeCloseTo(3, 14);
    const s = 3 / Math.sqrt(34);
    [3, -4, 0, 1, 2, -2].forEach((g, i) => {
      expect(model.grads[i]).toBeCloseTo(g * s, 14);
    });
    // layers.0.bias ‖(0.5, 0.5, −0.5)‖ ≈ 0.87 ≤ 3: untouched
    expect(Array.from(model.tensors[1]!.grad)).toEqual([0.5, 0.5, -0.5]);
    // layers.1.weight ‖(10, 0, −1)‖ = √101 → 3; layers.1.bias 0.25 untouched
    expect(norms[2]).toBeCloseTo(3, 14);
    expect(model.tensors[3]!.grad[0]).toBe(0.25);
    expect(r.preNorm).toBe(Math.sqrt(sumSq));
    expect(r.clipped).toBe(true);
    expect(r.postNorm).toBeCloseTo(Math.sqrt(9 + 0.75 + 9 + 0.0625), 12);
  });

  it('--clip-value clamps each element to [−c, c] (Keras clipvalue)', () => {
    const model = modelWithGrads(G);
    const r = clipGradients(model, { ...NONE, clipValue: 1 });
    expect(Array.from(model.grads)).toEqual(G.map((g) => Math.max(-1, Math.min(1, g))));
    expect(r.clipped).toBe(true);
    expect(clipGradients(modelWithGrads([0.5, -1]), { ...NONE, clipValue: 1 }).clipped).toBe(false);
  });

  it('with all three, applies value, then per-tensor norm, then global norm, so every bound holds', () => {
    const model = modelWithGrads(G);
    const r = clipGradients(model, { clipValue: 2, clipLayerNorm: 2.5, clipNorm: 3 });
    expect(r.preNorm).toBe(Math.sqrt(sumSq));
    expect(Math.max(...Array.from(model.grads, Math.abs))).toBeLessThanOrEqual(2);
    for (const t of model.tensors) expect(Math.hypot(...t.grad)).toBeLessThanOrEqual(2.5 + 1e-12);
    expect(r.postNorm).toBeLessThanOrEqual(3 + 1e-6);
    // the same result by hand, step by step
    const v = G.map((g) => Math.max(-2, Math.min(2, g)));
    const bounds = [0, 6, 9, 12, 13];
    for (let k = 0; k < 4; k++) {
      const part = v.slice(bounds[k], bounds[k + 1]);
      const n = Math.hypot(...part);
      if (n > 2.5) for (let i = bounds[k]!; i < bounds[k + 1]!; i++) v[i] = v[i]! * (2.5 / n);
    }
    const total = Math.hypot(...v);
    const coef = Math.min(1, 3 / (total + CLIP_NORM_EPS));
    v.forEach((g, i) => {
      expect(model.grads[i]).toBeCloseTo(g * coef, 14);
    });
  });

  it('leaves a non-finite gradient as it is for the non-finite check to name', () => {
    const model = modelWithGrads([Number.NaN, ...G.slice(1)]);
    const r = clipGradients(model, { clipValue: 1, clipLayerNorm: 1, clipNorm: 1 });
    expect(Number.isNaN(r.preNorm)).toBe(true);
    expect(r.clipped).toBe(false);
    expect(Array.from(model.grads.subarray(1))).toEqual(G.slice(1));
  });
});
