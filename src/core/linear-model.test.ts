// --depth 0: a linear model, one Dense layer from the input to the output, through the config, the plan,
// the model, the run document and the TF.js export.

import { describe, expect, it } from 'vitest';
import { trained } from '../../test/helpers/trained.js';
import { resolveConfig } from './config.js';
import { prepareData } from './data/prepare.js';
import { modelToTfjs } from './io/tfjs-format.js';
import { tfjsToNet } from './io/tfjs-import.js';
import { referenceKernels } from './kernels/reference.js';
import { createModel } from './model.js';
import { dataShape, modelSpecOf, planRun } from './plan.js';
import { parseRunDocument } from './record/index.js';
import { createRng } from './rng.js';

describe('--depth 0 is a linear model', () => {
  it('resolves to no hidden widths and plans (D + 1)·O parameters', () => {
    const config = resolveConfig({ data: 'spiral', depth: 0 });
    expect(config.hidden).toEqual([]);
    const plan = planRun(config, dataShape(prepareData(config)));
    expect(plan.parameters).toBe((2 + 1) * 1);
    expect(modelSpecOf(config, 2, plan).hidden).toEqual([]);
  });

  it('computes the logits x·Wᵀ + b by hand, with no activation', () => {
    const config = resolveConfig({ data: 'spiral', depth: 0, activation: 'sigmoid' });
    const spec = modelSpecOf(config, 2, { outputDim: 3 });
    const model = createModel(spec, {
      kernels: referenceKernels,
      dtype: 'float64',
      capacity: 2,
      rng: createRng(1),
    });
    model.initialize(createRng(2));
    expect(model.tensors.map((t) => `${t.name} ${t.shape.join('x')}`)).toEqual([
      'layers.0.weight 3x2',
      'layers.0.bias 3',
    ]);
    const [W, b] = [model.tensors[0]!.value, model.tensors[1]!.value];
    b.set([0.5, -1, 2]);
    model.input.set([1, 2, -3, 0.5]); // (B=2, D=2)
    const logits = model.forward(2, 'eval');
    for (let r = 0; r < 2; r++) {
      for (let o = 0; o < 3; o++) {
        const x0 = model.input[r * 2]!;
        const x1 = model.input[r * 2 + 1]!;
        expect(logits[r * 3 + o]).toBeCloseTo(W[o * 2]! * x0 + W[o * 2 + 1]! * x1 + b[o]!, 12);
      }
    }
  });

  it('trains: logistic regression separates gauss, and its run document parses', () => {
    const run = trained({ data: 'gauss', depth: 0, steps: 200, probeEvery: 0 });
    expect(run.result.final.val?.accuracy).toBeGreaterThan(0.9);
    expect(run.result.layers).toHaveLength(1);
    const doc = parseRunDocument(run.json, 'summary.json');
    expect(doc.config.hidden).toEqual([]);
    expect(doc.layers.map((l) => `${l.fanIn}→${l.fanOut}`)).toEqual(['2→1']);
  });

  it('exports to TF.js as one Dense layer and reads back the same weights', () => {
    const config = resolveConfig({ data: 'gauss', depth: 0 });
    const spec = modelSpecOf(config, 2, { outputDim: 1 });
    const model = createModel(spec, {
      kernels: referenceKernels,
      dtype: 'float32',
      capacity: 1,
      rng: createRng(1),
    });
    model.initialize(createRng(3));
    const { modelJson, weights } = modelToTfjs(model, 'test');
    const net = tfjsToNet(modelJson, weights, 'model.json');
    expect(net.settings.hidden).toEqual([]);
    expect([net.inputDim, net.outputDim]).toEqual([2, 1]);
    expect(Array.from(net.tensors['layers.0.weight']!.data)).toEqual(Array.from(model.tensors[0]!.value));
  });
});
