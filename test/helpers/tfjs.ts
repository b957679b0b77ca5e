// TF.js in Node for the tests: tfjs-core with its cpu backend, tfjs-layers for the models.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createModel, createRng, type Model, type ModelSpec, referenceKernels } from '../../src/index.js';

export { tf, tfl };

export async function useCpu(): Promise<void> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
}

/** A Sequential MLP: `hidden` Dense layers of `width` units with `activation`, then Dense(out). */
export function mlp(opts: {
  inputDim: number;
  hidden: readonly number[];
  out: number;
  activation: string;
  init: 'glorotUniform' | 'heNormal';
  seed: number;
  outActivation?: string;
}): tfl.Sequential {
  const init = (k: number) =>
    opts.init === 'heNormal'
      ? tfl.initializers.heNormal({ seed: opts.seed + k })
      : tfl.initializers.glorotUniform({ seed: opts.seed + k });
  const layers = opts.hidden.map((units, k) =>
    tfl.layers.dense({
      units,
      activation: opts.activation as 'relu',
      kernelInitializer: init(k),
      ...(k === 0 ? { inputShape: [opts.inputDim] } : {}),
    }),
  );
  layers.push(
    tfl.layers.dense({
      units: opts.out,
      activation: (opts.outActivation ?? 'linear') as 'linear',
      kernelInitializer: init(opts.hidden.length),
      ...(opts.hidden.length === 0 ? { inputShape: [opts.inputDim] } : {}),
    }),
  );
  return tfl.sequential({ layers });
}

/** x ~ N(0, 1) (n, d) and the regression target y = sin(x₀) + x₁/2 (n, 1), from a seed. */
export function regression(n: number, d: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, d], 0, 1, 'float32', seed) as tf.Tensor2D;
    const cols = tf.split(x, d, 1);
    const y = tf.add(tf.sin(cols[0]!), tf.mul(cols[1]!, 0.5)) as tf.Tensor2D;
    return { x, y };
  });
}

/** Switch to the wasm backend (its .wasm file is found beside the package's Node bundle). */
export async function useWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
  await tf.ready();
}

/** tfjs issue #918: Dense(1, relu) on x = 1…4, y = 1, 3, 5, 7, SGD(0.01); seed 3 draws a negative kernel. */
export function issue918() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 1,
        inputShape: [1],
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const x = tf.tensor2d([1, 2, 3, 4], [4, 1]);
  const y = tf.tensor2d([1, 3, 5, 7], [4, 1]);
  return { model, x, y };
}

/** A gradscope model (float32, reference kernels) with random weights, norms and running statistics. */
export function gradscopeNet(
  spec: Partial<ModelSpec> & { inputDim: number; hidden: readonly number[]; outputDim: number },
  seed: number,
  capacity = 16,
): Model {
  const model = createModel(
    {
      activation: 'tanh',
      init: 'xavier-normal',
      biasInit: 0,
      norm: 'none',
      residual: false,
      residualScale: 1,
      dropout: 0,
      ...spec,
    },
    { kernels: referenceKernels, dtype: 'float32', capacity, rng: createRng(seed).fork('dropout') },
  );
  const rng = createRng(seed);
  model.initialize(rng.fork('init'));
  // biases, γ, β and running statistics away from their initial 0 and 1, so a swapped tensor shows
  for (const t of [...model.tensors, ...model.state]) {
    if (t.name.endsWith('.weight') && t.name.startsWith('layers.')) continue;
    for (let i = 0; i < t.value.length; i++)
      t.value[i] = t.name.endsWith('running_var') ? 0.5 + rng.next() : rng.normal() * 0.3;
  }
  return model;
}

/** gradscope's eval-mode output for the rows of x (B, I). */
export function gradscopeForward(model: Model, x: Float32Array, B: number): Float32Array {
  model.input.set(x);
  return Float32Array.from(model.forward(B, 'eval').subarray(0, B * model.spec.outputDim));
}
