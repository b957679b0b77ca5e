// activationRms: RMS over the batch of ‖h_l‖ at each block's output (the residual sum), recomputed by hand.

import { describe, expect, it } from 'vitest';
import { createInstruments } from '../src/core/diagnostics/instruments.js';
import { referenceKernels } from '../src/core/kernels/reference.js';
import { createModel } from '../src/core/model.js';
import { LayerInstrumentsSchema } from '../src/core/record/instruments.js';
import { createRng } from '../src/core/rng.js';

describe('activationRms', () => {
  it("is sqrt(mean_t ‖h_l,t‖²) of each block's output, the skip sum included, recomputed from the weights", () => {
    const model = createModel(
      {
        inputDim: 2,
        hidden: [3, 3],
        outputDim: 1,
        activation: 'tanh',
        init: 'xavier-normal',
        biasInit: 'normal:0.3',
        norm: 'none',
        residual: true,
        residualScale: 0.5,
        dropout: 0,
      },
      { kernels: referenceKernels, dtype: 'float64', capacity: 4, rng: createRng(1) },
    );
    model.initialize(createRng(2));
    const B = 4;
    const x = [0.3, -1.2, 0.8, 0.1, -0.5, 0.9, 1.5, -0.7];
    model.input.set(x);
    model.forward(B, 'eval');
    const inst = createInstruments(model);
    inst.measure(B);
    const got = inst.read().map((l) => l.activationRms);

    const tensor = (name: string) => model.tensors.find((t) => t.name === name)!.value;
    const dense = (h: number[], l: number, I: number, O: number) =>
      Array.from({ length: O }, (_, o) => {
        let z = tensor(`layers.${l}.bias`)[o]!;
        for (let i = 0; i < I; i++) z += tensor(`layers.${l}.weight`)[o * I + i]! * h[i]!;
        return z;
      });
    const sums = [0, 0, 0];
    for (let t = 0; t < B; t++) {
      const h0 = dense(x.slice(2 * t, 2 * t + 2), 0, 2, 3).map(Math.tanh); // 2 → 3: not residual
      const h1 = dense(h0, 1, 3, 3).map((z, i) => h0[i]! + 0.5 * Math.tanh(z)); // 3 → 3: h + s·f(Wh + b)
      const out = dense(h1, 2, 3, 1);
      [h0, h1, out].forEach((h, l) => {
        sums[l]! += h.reduce((s, v) => s + v * v, 0);
      });
    }
    got.forEach((v, l) => {
      expect(v).toBeCloseTo(Math.sqrt(sums[l]! / B), 12);
    });
  });

  it('is optional in the run document: an instruments entry written before it parses, as null', () => {
    const inst = {
      index: 0,
      weightNorm: 1,
      gradNorm: 1,
      biasGradNorm: 0,
      updateRatio: null,
      signalGradNorm: 1,
      signalRatio: null,
      zMean: null,
      zStd: null,
      aMean: null,
      aStd: null,
      meanDerivative: null,
      deadFraction: null,
      saturatedFraction: null,
    };
    expect(LayerInstrumentsSchema.parse(inst).activationRms).toBeNull();
    expect(LayerInstrumentsSchema.parse({ ...inst, activationRms: 2 }).activationRms).toBe(2);
  });
});
