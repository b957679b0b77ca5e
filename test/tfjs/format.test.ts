// The TF.js layers-model format: gradscope → model.json + weights.bin that tfjs-layers loads and predicts
// with, and back, every weight bit for bit; a tfjs-built Sequential imported into gradscope predicts the same.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRng,
  loadTensorsIntoModel,
  type Model,
  modelToTfjs,
  type TfjsModelJson,
  tfjsToNet,
} from '../../src/index.js';
import { gradscopeForward, gradscopeNet, tf, tfl, useCpu } from '../helpers/tfjs.js';

beforeAll(useCpu);

const B = 12;

function inputs(I: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: B * I }, () => rng.normal());
}

/** tfjs-layers loads the artifacts through an IOHandler, as it would from a server or file://. */
async function load(modelJson: TfjsModelJson, weights: Uint8Array) {
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: modelJson.modelTopology as unknown as tf.io.ModelJSON['modelTopology'],
      weightSpecs: modelJson.weightsManifest[0]!.weights,
      weightData: weights.slice().buffer,
    }),
  };
  return tfl.loadLayersModel(handler);
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  expect(worst).toBeLessThan(2e-6);
}

/** Every parameter and running statistic of the model, by gradscope name. */
const tensorsOf = (m: Model) =>
  Object.fromEntries([...m.tensors, ...m.state].map((t) => [t.name, Array.from(t.value)]));

const CASES = [
  { name: 'tanh', spec: { hidden: [5, 4], activation: 'tanh' } },
  { name: 'relu with dropout', spec: { hidden: [6], activation: 'relu', dropout: 0.2 } },
  {
    name: 'leaky-relu:0.1 with layer norm',
    spec: { hidden: [5, 5], activation: 'leaky-relu:0.1', norm: 'layer' as const },
  },
  {
    name: 'sigmoid with batch norm',
    spec: { hidden: [4, 3], activation: 'sigmoid', norm: 'batch' as const },
  },
  { name: 'elu', spec: { hidden: [3], activation: 'elu' } },
];

describe('the TF.js layers-model format', () => {
  for (const { name, spec } of CASES) {
    it(`${name}: tfjs-layers loads the export and predicts as gradscope does; importing it back keeps every weight`, async () => {
      const model = gradscopeNet({ inputDim: 3, outputDim: 2, ...spec }, 11);
      const { modelJson, weights } = modelToTfjs(model, 'gradscope test');
      const x = inputs(3, 12);
      const theirs = await load(modelJson, weights);
      const y = theirs.predict(tf.tensor2d(x, [B, 3])) as tf.Tensor;
      expectClose(y.dataSync(), gradscopeForward(model, x, B));
      const net = tfjsToNet(JSON.parse(JSON.stringify(modelJson)), weights, 'model.json');
      expect(net.settings).toMatchObject({ hidden: spec.hidden, norm: spec.norm ?? 'none' });
      const back = gradscopeNet({ inputDim: 3, outputDim: 2, ...spec }, 99);
      loadTensorsIntoModel(back, net.tensors, 'model.json');
      expect(tensorsOf(back)).toEqual(tensorsOf(model));
      tf.dispose(y);
    });
  }

  it('imports a Sequential built and saved by tfjs-layers, predicting what tfjs predicts', async () => {
    const seq = tfl.sequential({
      layers: [
        tfl.layers.dense({
          units: 7,
          inputShape: [3],
          activation: 'relu',
          kernelInitializer: tfl.initializers.heNormal({ seed: 1 }),
          biasInitializer: 'randomNormal',
        }),
        tfl.layers.dense({
          units: 5,
          activation: 'relu',
          kernelInitializer: tfl.initializers.heNormal({ seed: 2 }),
        }),
        tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    let saved: tf.io.ModelArtifacts | null = null;
    await seq.save({
      save: async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      },
    });
    const a = saved as unknown as tf.io.ModelArtifacts;
    const json = {
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
    };
    const net = tfjsToNet(json, new Uint8Array(a.weightData as ArrayBuffer), 'model.json');
    expect(net.settings).toEqual({ hidden: [7, 5], activation: 'relu', norm: 'none', dropout: 0 });
    const model = gradscopeNet({ inputDim: 3, outputDim: 1, hidden: [7, 5], activation: 'relu' }, 3);
    loadTensorsIntoModel(model, net.tensors, 'model.json');
    const x = inputs(3, 4);
    // the sigmoid is gradscope's bce loss: its output layer gives the logit
    const p = tf.tidy(() => (seq.predict(tf.tensor2d(x, [B, 3])) as tf.Tensor).dataSync());
    const want = Array.from(p, (v) => Math.log(v / (1 - v)));
    const logits = gradscopeForward(model, x, B);
    for (let i = 0; i < B; i++) expect(logits[i]!).toBeCloseTo(want[i]!, 4);
  });

  it('refuses to export gelu and elu:α, which tfjs-layers cannot load', () => {
    const model = gradscopeNet({ inputDim: 3, outputDim: 1, hidden: [4], activation: 'gelu' }, 1);
    expect(() => modelToTfjs(model, 'test')).toThrow('--format tfjs: expected an activation TF.js can load');
    const elu = gradscopeNet({ inputDim: 3, outputDim: 1, hidden: [4], activation: 'elu:0.5' }, 1);
    expect(() => modelToTfjs(elu, 'test')).toThrow(
      '--format tfjs: expected elu with alpha 1 (tfjs-layers supports no other), got "elu:0.5"',
    );
  });

  it('refuses a layer gradscope does not have, naming it', () => {
    const model = gradscopeNet({ inputDim: 3, outputDim: 1, hidden: [4] }, 1);
    const { modelJson, weights } = modelToTfjs(model, 'test');
    const json = JSON.parse(JSON.stringify(modelJson));
    json.modelTopology.config.layers.splice(1, 0, { class_name: 'Conv1D', config: { name: 'conv1d_1' } });
    expect(() => tfjsToNet(json, weights, 'model.json')).toThrow(
      'model.json: layer conv1d_1: expected Dense, LayerNormalization, BatchNormalization, Activation, LeakyReLU, ELU, Dropout or InputLayer, got "Conv1D"',
    );
  });

  it('refuses a kernel whose shape does not chain, naming the weight', () => {
    const model = gradscopeNet({ inputDim: 3, outputDim: 1, hidden: [4, 4] }, 1);
    const { modelJson, weights } = modelToTfjs(model, 'test');
    const json = JSON.parse(JSON.stringify(modelJson));
    json.weightsManifest[0].weights[4].shape = [2, 2]; // the same 4 values, in a shape that does not chain
    expect(() => tfjsToNet(json, weights, 'model.json')).toThrow(
      'model.json: dense_2/kernel: expected shape [4, 1], got [2, 2]',
    );
  });

  it('refuses weight bytes shorter than the manifest', () => {
    const model = gradscopeNet({ inputDim: 3, outputDim: 1, hidden: [4] }, 1);
    const { modelJson, weights } = modelToTfjs(model, 'test');
    expect(() => tfjsToNet(modelJson, weights.subarray(0, 20), 'model.json')).toThrow(
      'model.json: weight dense_0/kernel: expected 48 bytes at offset 0 of the weights, got 20 bytes left',
    );
  });
});
