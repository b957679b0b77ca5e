import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../kernels/reference.js';
import type { Kernels } from '../kernels/types.js';
import { createWasmKernels } from '../kernels/wasm/index.js';
import { createRng } from '../rng.js';
import type { DType } from '../tensor.js';
import { spectralNorm } from './power.js';
import { WEIGHT_NORM_BLOCK, WEIGHT_NORM_TOLERANCE } from './thresholds.js';
import { createWeightNormMeter } from './weight-norm.js';

/** W (O, I) = G/√I + c·a bᵀ (unit a, b): a planted top singular value, so power iteration has a gap */
function planted(O: number, I: number, c: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = Float64Array.from({ length: O }, () => rng.normal());
  const b = Float64Array.from({ length: I }, () => rng.normal());
  const na = Math.hypot(...a);
  const nb = Math.hypot(...b);
  return Float64Array.from(
    { length: O * I },
    (_, k) => rng.normal() / Math.sqrt(I) + (c * a[Math.floor(k / I)]! * b[k % I]!) / (na * nb),
  );
}

function onKernels(kernels: Kernels, dtype: DType, W: Float64Array): ReturnType<Kernels['alloc']> {
  const w = kernels.alloc(dtype, W.length);
  w.set(W);
  return w;
}

const wasm = await createWasmKernels();
const SETS = [
  ['reference kernels, float64', referenceKernels, 'float64'],
  ['WASM kernels, float32', wasm, 'float32'],
] as const;
const SHAPES = [
  [1, 1],
  [7, 3],
  [3, 17],
  [33, 65],
  [256, 784],
] as const;

describe('the probes’ ‖W‖₂ on the kernels (createWeightNormMeter)', () => {
  it.each(SETS)(
    'matches the float64 power iteration of power.ts to its tolerance, odd shapes included (%s)',
    (_, kernels, dtype) => {
      for (const [O, I] of SHAPES) {
        const W = planted(O, I, 4, O * 131 + I);
        const want = spectralNorm(W, O, I, createRng(1), { iterations: 5000, tolerance: 1e-15 });
        const meter = createWeightNormMeter(kernels, dtype, I, O);
        const warm = new Float64Array(WEIGHT_NORM_BLOCK * I);
        const got = meter.measure(onKernels(kernels, dtype, W), O, I, warm, createRng(2));
        expect(Math.abs(got.sigma - want) / want).toBeLessThan(10 * WEIGHT_NORM_TOLERANCE);
        expect(got.sigma).toBeLessThanOrEqual(want * (1 + 1e-6)); // a lower bound, up to float32 rounding
      }
    },
  );

  it('warm-started from the last vector after a small change, agrees with a cold start to the tolerance in fewer iterations', () => {
    const [O, I] = [256, 784];
    const W = planted(O, I, 4, 9);
    const meter = createWeightNormMeter(wasm, 'float32', I, O);
    const warm = new Float64Array(WEIGHT_NORM_BLOCK * I);
    const first = meter.measure(onKernels(wasm, 'float32', W), O, I, warm, createRng(3));
    // a training step's worth of change: 1% noise on every weight
    const rng = createRng(4);
    const W2 = onKernels(
      wasm,
      'float32',
      W.map((w) => w + (0.01 * rng.normal()) / Math.sqrt(I)),
    );
    const cold = meter.measure(W2, O, I, new Float64Array(WEIGHT_NORM_BLOCK * I), createRng(5));
    const warmed = meter.measure(W2, O, I, warm, createRng(5));
    expect(Math.abs(warmed.sigma - cold.sigma) / cold.sigma).toBeLessThan(10 * WEIGHT_NORM_TOLERANCE);
    expect(warmed.iterations).toBeLessThan(cold.iterations);
    expect(first.iterations).toBeGreaterThan(1);
  });

  it('of the zero matrix is 0, and the next call draws a fresh start vector', () => {
    const meter = createWeightNormMeter(referenceKernels, 'float64', 3, 2);
    const warm = new Float64Array(WEIGHT_NORM_BLOCK * 3);
    expect(meter.measure(new Float64Array(6), 2, 3, warm, createRng(1)).sigma).toBe(0);
    const W = Float64Array.from([3, 0, 0, 0, 4, 0]);
    // σ₂/σ₁ = 3/4: the stop at a change of 1e-5 leaves the lower bound within ~3e-5 of 4
    expect(Math.abs(meter.measure(W, 2, 3, warm, createRng(1)).sigma - 4)).toBeLessThan(1e-4);
  });
});
