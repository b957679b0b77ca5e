import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../kernels/reference.js';
import { createModel } from '../model.js';
import { createRng } from '../rng.js';
import {
  decadeHistogram,
  decadeOf,
  HISTOGRAM_DECADES,
  HISTOGRAM_LO,
  layerHistograms,
  modeDecade,
} from './histogram.js';

/** bin index of the decade [10^k, 10^(k+1)) */
const bin = (k: number): number => k - HISTOGRAM_LO;

describe('decade histograms of log10|v|', () => {
  it('puts each power of ten in its own decade, not the one below (edges are the literals 1e-k)', () => {
    for (let k = HISTOGRAM_LO; k < HISTOGRAM_LO + HISTOGRAM_DECADES; k++) {
      const edge = Number(`1e${k}`);
      expect(decadeOf(edge), `1e${k}`).toBe(bin(k));
      // the largest double below the edge is in the decade below
      expect(decadeOf(edge * (1 - 2 ** -52)), `just below 1e${k}`).toBe(bin(k) - 1);
      expect(decadeOf(edge * 9.99), `9.99e${k}`).toBe(bin(k));
    }
  });

  it('counts a hand-made vector: signs ignored, zero, below, above and NaN/Inf apart', () => {
    const v = [0.5, -0.05, 0.03, 3, -7, 1e-20, 0, -0, 2e5, 1e4, Number.NaN, Number.POSITIVE_INFINITY, 1e-16];
    const h = decadeHistogram(v);
    const expected = new Array(HISTOGRAM_DECADES).fill(0);
    expected[bin(-1)] = 1; // 0.5
    expected[bin(-2)] = 2; // 0.05, 0.03
    expected[bin(0)] = 2; // 3, 7
    expected[bin(-16)] = 1; // 1e-16 exactly: the lowest decade
    expect(h.decades).toEqual(expected);
    expect([h.below, h.above, h.zero, h.nonFinite, h.total]).toEqual([1, 2, 2, 2, 13]);
    expect(modeDecade(h)).toBe(-2);
  });

  it('scales before binning (the per-example factor B) and reads a window of the buffer', () => {
    const v = new Float32Array([9, 0.001, 0.002, 0.004, 9]);
    const h = decadeHistogram(v, 3, 100, 1); // 0.1, 0.2, 0.4 (float32 rounding stays in the decade)
    expect(h.decades[bin(-1)]).toBe(3);
    expect(h.total).toBe(3);
    expect(h.decades.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('has no mode without a nonzero finite value', () => {
    expect(modeDecade(decadeHistogram([0, Number.NaN]))).toBeNull();
  });

  it('reads h_l and B·∂L/∂z_l of the last step from the model: the logits and dz = (ŷ − y)/B', () => {
    // a linear net with all weights 0.5 and biases 0: logits = 0.5·(x₁ + x₂)
    const model = createModel(
      {
        inputDim: 2,
        hidden: [],
        outputDim: 1,
        activation: 'tanh',
        init: 'zeros',
        biasInit: 0,
        norm: 'none',
        residual: false,
        residualScale: 1,
        dropout: 0,
      },
      { kernels: referenceKernels, dtype: 'float64', capacity: 4, rng: createRng(1) },
    );
    model.params.fill(0.5);
    model.blocks[0]!.dense.bias.fill(0);
    model.input.set([1, 1, 20, 20, 0.001, 0.001]);
    const out = model.forward(3, 'train');
    expect(Array.from(out.subarray(0, 3))).toEqual([1, 20, 0.001]);
    // mse on 3 rows against 0: dL/dŷ_i = 2ŷ_i/3, so B·dz = 2ŷ_i = 2, 40, 0.002
    const dy = new Float64Array([2 / 3, 40 / 3, 0.002 / 3]);
    model.backward(dy, 3);
    const h = layerHistograms(model, 3);
    expect(h.activation[0]!.decades[bin(0)]).toBe(1);
    expect(h.activation[0]!.decades[bin(1)]).toBe(1);
    expect(h.activation[0]!.decades[bin(-3)]).toBe(1);
    expect(h.signal[0]!.decades[bin(0)]).toBe(1); // 2
    expect(h.signal[0]!.decades[bin(1)]).toBe(1); // 40
    expect(h.signal[0]!.decades[bin(-3)]).toBe(1); // 0.002
    expect(h.signal[0]!.total).toBe(3);
  });
});
