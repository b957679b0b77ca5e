// The TF.js layers-model format, in memory: model.json (topology + weightsManifest) and the weight bytes.
// reference: tfjs-layers/src/keras_format (Sequential config, layer configs) and tfjs-core/src/io/types.ts
// (ModelJSON, WeightsManifestConfig); weights are little-endian float32 in manifest order.
// gradscope's block Dense → [norm] → f → [dropout] becomes Dense(f) → Dropout, or with a norm
// Dense(linear) → LayerNormalization|BatchNormalization → Activation(f) (a LeakyReLU layer for
// leaky-relu) → Dropout; the output Dense is linear (logits, as gradscope's). K = Wᵀ (I, O).

import { parseActivation } from '../activations.js';
import { UsageError } from '../errors.js';
import { BATCHNORM_EPS, BATCHNORM_MOMENTUM } from '../layers/batchnorm.js';
import { LAYERNORM_EPS } from '../layers/layernorm.js';
import type { Model } from '../model.js';

export interface TfjsManifestEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32';
}

export interface TfjsModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: { class_name: 'Sequential'; config: { name: string; layers: TfjsLayer[] } };
  readonly weightsManifest: { paths: string[]; weights: TfjsManifestEntry[] }[];
}

export interface TfjsLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
}

/** The weights file model.json names (one group, one path). */
export const TFJS_WEIGHTS_FILE = 'weights.bin';

/** gradscope activation → the tfjs layer that applies it (a Dense activation string, or a layer). */
function activationLayer(spec: string, name: string): { activation: string } | { layer: TfjsLayer } {
  const act = parseActivation(spec);
  const [, param] = act.spec.split(':');
  if (act.name === 'leaky-relu')
    return { layer: { class_name: 'LeakyReLU', config: { name, alpha: Number(param ?? 0.01) } } };
  // NOTE: tfjs-layers 4.22's ELU layer refuses any alpha but 1
  if (act.name === 'elu' && param !== undefined) {
    throw new UsageError('--format tfjs', 'elu with alpha 1 (tfjs-layers supports no other)', act.spec);
  }
  // NOTE: gradscope's gelu is the tanh approximation: tfjs's 'gelu' is the erf form, and its 'gelu_new'
  // does not deserialize in tfjs-layers 4.22 (it looks up 'geluNew'), so there is nothing to write
  if (act.name === 'gelu') {
    throw new UsageError(
      '--format tfjs',
      'an activation TF.js can load (tfjs-layers has no loadable tanh-approximation gelu)',
      'gelu',
    );
  }
  return { activation: act.name };
}

/** model.json and the weight bytes of a gradscope model (float64 models are rounded to float32). */
export function modelToTfjs(
  model: Model,
  generatedBy: string,
): { modelJson: TfjsModelJson; weights: Uint8Array } {
  const { spec } = model;
  if (spec.residual) {
    throw new UsageError(
      '--format tfjs',
      'a model without --residual (a TF.js Sequential has no skip connections)',
      'a residual model',
    );
  }
  const layers: TfjsLayer[] = [];
  const manifest: TfjsManifestEntry[] = [];
  const values: ArrayLike<number>[] = [];
  const tensor = (name: string) =>
    model.tensors.find((t) => t.name === name) ?? model.state.find((t) => t.name === name);
  const push = (tfjsName: string, shape: number[], data: ArrayLike<number>) => {
    manifest.push({ name: tfjsName, shape, dtype: 'float32' });
    values.push(data);
  };
  const L = spec.hidden.length + 1;
  let fanIn = spec.inputDim;
  for (let l = 0; l < L; l++) {
    const O = l < L - 1 ? spec.hidden[l]! : spec.outputDim;
    const hidden = l < L - 1;
    const act = hidden ? activationLayer(spec.activation, `activation_${l}`) : { activation: 'linear' };
    const inDense = hidden && spec.norm === 'none' && 'activation' in act ? act.activation : 'linear';
    const dense = `dense_${l}`;
    layers.push({
      class_name: 'Dense',
      config: {
        name: dense,
        units: O,
        activation: inDense,
        use_bias: true,
        trainable: true,
        dtype: 'float32',
        ...(l === 0 ? { batch_input_shape: [null, spec.inputDim] } : {}),
      },
    });
    // K (I, O) = Wᵀ
    const W = tensor(`layers.${l}.weight`)!.value;
    const K = new Float64Array(fanIn * O);
    for (let o = 0; o < O; o++) for (let i = 0; i < fanIn; i++) K[i * O + o] = W[o * fanIn + i]!;
    push(`${dense}/kernel`, [fanIn, O], K);
    push(`${dense}/bias`, [O], tensor(`layers.${l}.bias`)!.value);
    if (hidden && spec.norm !== 'none') {
      const norm = `norm_${l}`;
      const batch = spec.norm === 'batch';
      layers.push({
        class_name: batch ? 'BatchNormalization' : 'LayerNormalization',
        config: {
          name: norm,
          axis: -1,
          epsilon: batch ? BATCHNORM_EPS : LAYERNORM_EPS,
          center: true,
          scale: true,
          trainable: true,
          // Keras's momentum is the weight of the old running value: 1 − PyTorch's
          ...(batch ? { momentum: 1 - BATCHNORM_MOMENTUM } : {}),
        },
      });
      push(`${norm}/gamma`, [O], tensor(`norms.${l}.weight`)!.value);
      push(`${norm}/beta`, [O], tensor(`norms.${l}.bias`)!.value);
      if (batch) {
        push(`${norm}/moving_mean`, [O], tensor(`norms.${l}.running_mean`)!.value);
        push(`${norm}/moving_variance`, [O], tensor(`norms.${l}.running_var`)!.value);
      }
    }
    if (hidden && (spec.norm !== 'none' || 'layer' in act)) {
      layers.push(
        'layer' in act
          ? act.layer
          : { class_name: 'Activation', config: { name: `activation_${l}`, activation: act.activation } },
      );
    }
    if (hidden && spec.dropout > 0)
      layers.push({ class_name: 'Dropout', config: { name: `dropout_${l}`, rate: spec.dropout } });
    fanIn = O;
  }
  const count = values.reduce((n, v) => n + v.length, 0);
  const weights = new Uint8Array(4 * count);
  const view = new DataView(weights.buffer);
  let p = 0;
  for (const v of values) for (let k = 0; k < v.length; k++, p += 4) view.setFloat32(p, v[k]!, true);
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy,
      convertedBy: null,
      modelTopology: { class_name: 'Sequential', config: { name: 'gradscope', layers } },
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: manifest }],
    },
    weights,
  };
}
