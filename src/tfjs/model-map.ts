// A tfjs LayersModel in gradscope's terms: the chain of layers from input to output, its Dense layers
// (gradscope's blocks: index l, z_l = a_{l−1} K_l + b_l, a_l = f(z_l)), which layer each variable belongs
// to, and the loss. Checked once, at watch(): a model gradscope cannot read is one error naming the layer.
// B = batch, I = in, O = out.

import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel, LayerVariable, layers } from '@tensorflow/tfjs-layers';
import { type LossName, type NormKind, UsageError } from '../index.js';
import { described } from './words.js';

type Layer = layers.Layer;

export interface DenseInfo {
  /** gradscope's layer index: Dense layers counted from the input */
  readonly index: number;
  readonly layer: Layer;
  readonly name: string;
  readonly fanIn: number;
  readonly fanOut: number;
  /** K (I, O): tfjs stores the transpose of gradscope's W (O, I) */
  readonly kernel: LayerVariable;
  readonly bias: LayerVariable | null;
  /** tfjs's name for f ('relu', 'sigmoid', 'linear', …) */
  readonly activation: string;
  /**
   * The output layer's sigmoid (binaryCrossentropy) or softmax (categorical crossentropy) belongs to the
   * loss in gradscope's terms: z_L are the logits, and its D_L is K_Lᵀ alone.
   */
  readonly folded: boolean;
  /** a = f(z) with the layer's own activation */
  apply(z: Tensor): Tensor;
}

export interface ModelMap {
  readonly model: LayersModel;
  /** every layer from input to output, InputLayer excluded */
  readonly chain: readonly Layer[];
  readonly dense: readonly DenseInfo[];
  /** variable name → the Dense layer (or the Dense layer before a norm) it belongs to */
  readonly layerOf: ReadonlyMap<string, number>;
  /** gradscope's loss: mse, bce or ce (other tfjs losses are recorded as mse; see docs/tfjs.md) */
  readonly loss: LossName;
  /** tfjs's name of the loss */
  readonly lossName: string;
  /** ℓ_t per example: (B) */
  lossFn(y: Tensor, out: Tensor): Tensor;
  /** true when the chain holds Dense (and Dropout) layers only: the product of the D_l is the Jacobian */
  readonly pureDense: boolean;
  readonly norm: NormKind;
  readonly dropout: number;
}

const LOSSES: Record<string, LossName> = {
  meanSquaredError: 'mse',
  mse: 'mse',
  MSE: 'mse',
  mean_squared_error: 'mse',
  binaryCrossentropy: 'bce',
  binary_crossentropy: 'bce',
  categoricalCrossentropy: 'ce',
  categorical_crossentropy: 'ce',
  sparseCategoricalCrossentropy: 'ce',
  sparse_categorical_crossentropy: 'ce',
};

/** Layers whose eval-mode forward is the identity or elementwise and which gradscope's model has. */
const PASS_THROUGH = ['Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout'];

interface Internals {
  activation?: { apply(t: Tensor): Tensor };
}

function className(l: Layer): string {
  return l.getClassName();
}

/** The layers in order, checked to be a chain (each takes the previous one's output). */
function chainOf(model: LayersModel): Layer[] {
  const all = model.layers.filter((l) => className(l) !== 'InputLayer');
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new UsageError(
      'watch: model',
      'a model with one input and one output',
      described(`${model.inputs.length} inputs, ${model.outputs.length} outputs`),
    );
  }
  all.forEach((layer, i) => {
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    const prev = all[i - 1];
    const ok =
      prev === undefined
        ? inbound.every((l) => className(l) === 'InputLayer')
        : inbound.length === 1 && inbound[0] === prev;
    if (!ok || layer.inboundNodes.length > 1) {
      throw new UsageError(
        `watch: layer ${layer.name}`,
        'a chain of layers (each taking the previous one’s output, as in tf.sequential)',
        described(`inputs from ${inbound.map((l) => l.name).join(', ') || 'nothing'}`),
      );
    }
  });
  return all;
}

export function mapModel(model: LayersModel, argument = 'watch: model'): ModelMap {
  const chain = chainOf(model);
  type Compiled = { lossFunctions?: ((y: Tensor, p: Tensor) => Tensor)[]; model?: Compiled };
  // a Sequential keeps its compiled state on the functional model inside it
  const compiled = model as unknown as Compiled;
  const lossFn = (compiled.lossFunctions ?? compiled.model?.lossFunctions)?.[0];
  if (!lossFn) throw new UsageError(argument, 'a compiled model', described('a model without a loss'));
  const lossName =
    typeof model.loss === 'string'
      ? model.loss
      : Array.isArray(model.loss)
        ? String(model.loss[0])
        : 'custom';
  const loss = LOSSES[lossName] ?? 'mse';
  const denseLayers = chain.filter((l) => className(l) === 'Dense');
  if (denseLayers.length === 0)
    throw new UsageError(`${argument}`, 'at least one Dense layer', described('none'));
  const layerOf = new Map<string, number>();
  let current = 0;
  const dense: DenseInfo[] = [];
  let norm: NormKind = 'none';
  let dropout = 0;
  for (const layer of chain) {
    const kind = className(layer);
    if (kind === 'Dense') {
      const index = dense.length;
      const config = layer.getConfig() as { units: number; activation?: string; useBias?: boolean };
      const weights = layer.trainableWeights;
      const kernel = weights.find((w) => /kernel$/.test(w.originalName));
      const bias = weights.find((w) => /bias$/.test(w.originalName)) ?? null;
      if (kernel?.shape.length !== 2) {
        throw new UsageError(
          `${argument}: layer ${layer.name}`,
          'a built Dense layer with a 2-D kernel',
          described(kernel ? `a kernel of shape [${kernel.shape.join(', ')}]` : 'no kernel'),
        );
      }
      const activation = config.activation ?? 'linear';
      const fn = (layer as unknown as Internals).activation;
      const isLast = layer === denseLayers.at(-1) && layer === chain.at(-1);
      const folded =
        isLast &&
        ((activation === 'sigmoid' && loss === 'bce') || (activation === 'softmax' && loss === 'ce'));
      dense.push({
        index,
        layer,
        name: layer.name,
        fanIn: kernel.shape[0]!,
        fanOut: kernel.shape[1]!,
        kernel,
        bias,
        activation,
        folded,
        apply: (z) => (fn ? fn.apply(z) : z),
      });
      current = index;
    } else if (kind === 'LayerNormalization') norm = 'layer';
    else if (kind === 'BatchNormalization') norm = norm === 'none' ? 'batch' : norm;
    else if (kind === 'Dropout') dropout ||= (layer.getConfig() as { rate: number }).rate;
    for (const w of layer.trainableWeights) layerOf.set(w.name, current);
  }
  const pureDense = chain.every((l) => className(l) === 'Dense' || PASS_THROUGH.includes(className(l)));
  return { model, chain, dense, layerOf, loss, lossName, lossFn, pureDense, norm, dropout };
}
