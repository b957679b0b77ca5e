// A TF.js layers model (model.json + its weight bytes) as a gradscope network: a Sequential of Dense
// layers, with LayerNormalization/BatchNormalization, Activation, LeakyReLU, ELU and Dropout where
// gradscope's block has them (Dense → [norm] → f → [dropout]). Anything else is one error naming the layer.
// reference: tfjs-core/src/io/types.ts (ModelJSON, WeightsManifestEntry), tfjs-layers keras_format.

import { parseActivation } from '../activations.js';
import { UsageError } from '../errors.js';
import type { NormKind } from '../layers/optional.js';
import { commonNorm, type ImportedNet } from './net.js';
import type { TfjsLayer } from './tfjs-format.js';
import type { LoadableTensor } from './weights.js';

const SUPPORTED =
  'Dense, LayerNormalization, BatchNormalization, Activation, LeakyReLU, ELU, Dropout or InputLayer';

interface Block {
  readonly dense: TfjsLayer;
  activation: string;
  norm: NormKind;
  normLayer?: TfjsLayer;
  dropout: number;
}

const described = (text: string) => ({ toString: () => text });

/** The Sequential's layer list, from a tfjs model.json or a Keras-converted one (model_config). */
function layersOf(json: unknown, source: string): TfjsLayer[] {
  const j = (json ?? {}) as { modelTopology?: Record<string, unknown> };
  const topo = (j.modelTopology?.model_config ?? j.modelTopology) as
    | { class_name?: unknown; config?: unknown }
    | undefined;
  if (!topo || typeof topo !== 'object')
    throw new UsageError(
      `${source}: modelTopology`,
      'a TF.js layers model (model.json)',
      described('nothing'),
    );
  if (topo.class_name !== 'Sequential') {
    throw new UsageError(
      `${source}: modelTopology.class_name`,
      'Sequential (gradscope imports a chain of layers)',
      String(topo.class_name),
    );
  }
  const config = topo.config as { layers?: unknown } | unknown[];
  const layers = Array.isArray(config) ? config : (config as { layers?: unknown })?.layers;
  if (!Array.isArray(layers))
    throw new UsageError(
      `${source}: modelTopology.config.layers`,
      'an array of layers',
      described('nothing'),
    );
  return layers as TfjsLayer[];
}

/** tfjs activation → gradscope spec; a name gradscope lacks is refused, naming the layer. */
function gradscopeActivation(name: string, layer: string, source: string): string {
  const spec = name === 'gelu_new' ? 'gelu' : name;
  if (name === 'gelu') {
    throw new UsageError(
      `${source}: layer ${layer}`,
      "gelu_new (gradscope's gelu is the tanh approximation)",
      'gelu (the erf form)',
    );
  }
  try {
    return parseActivation(spec).spec;
  } catch {
    throw new UsageError(
      `${source}: layer ${layer}: activation`,
      'linear, relu, sigmoid, tanh, elu or gelu_new',
      name,
    );
  }
}

function blocksOf(
  layers: readonly TfjsLayer[],
  source: string,
): { blocks: Block[]; inputDim: number | null } {
  const blocks: Block[] = [];
  let inputDim: number | null = null;
  for (const layer of layers) {
    const c = layer.config ?? ({} as TfjsLayer['config']);
    const name = String(c.name ?? layer.class_name);
    const last = blocks.at(-1);
    const shape = (c.batch_input_shape ?? c.batchInputShape) as (number | null)[] | undefined;
    if (Array.isArray(shape) && blocks.length === 0) inputDim = shape.at(-1) ?? null;
    const after = (what: string) => {
      if (!last)
        throw new UsageError(`${source}: layer ${name}`, `a Dense layer before ${what}`, described('none'));
      return last;
    };
    switch (layer.class_name) {
      case 'InputLayer':
        break;
      case 'Dense':
        blocks.push({ dense: layer, activation: String(c.activation ?? 'linear'), norm: 'none', dropout: 0 });
        break;
      case 'LayerNormalization':
      case 'BatchNormalization': {
        const b = after(layer.class_name);
        if (b.activation !== 'linear' || b.norm !== 'none') {
          throw new UsageError(
            `${source}: layer ${name}`,
            'a norm right after a linear Dense layer (gradscope: Dense → norm → f)',
            described(`after ${String(b.dense.config.name)}`),
          );
        }
        b.norm = layer.class_name === 'LayerNormalization' ? 'layer' : 'batch';
        b.normLayer = layer;
        break;
      }
      case 'Activation':
        after('Activation').activation = String(c.activation ?? 'linear');
        break;
      case 'LeakyReLU':
        after('LeakyReLU').activation = `leaky-relu:${Number(c.alpha ?? 0.3)}`;
        break;
      case 'ELU':
        after('ELU').activation = `elu:${Number(c.alpha ?? 1)}`;
        break;
      case 'Dropout':
        after('Dropout').dropout = Number(c.rate ?? 0);
        break;
      default:
        throw new UsageError(`${source}: layer ${name}`, SUPPORTED, layer.class_name);
    }
  }
  return { blocks, inputDim };
}

interface Entry {
  readonly name: string;
  readonly shape: number[];
  readonly data: Float32Array;
}

/** The weights by name, checked against the manifest and the bytes. */
function readWeights(json: unknown, bytes: Uint8Array, source: string): Map<string, Entry> {
  const groups = (json as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(groups))
    throw new UsageError(`${source}: weightsManifest`, 'an array of weight groups', described('nothing'));
  const out = new Map<string, Entry>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  for (const g of groups as {
    weights?: { name: string; shape: number[]; dtype?: string; quantization?: unknown }[];
  }[]) {
    for (const w of g.weights ?? []) {
      if ((w.dtype ?? 'float32') !== 'float32' || w.quantization) {
        throw new UsageError(
          `${source}: weight ${w.name}`,
          'float32, not quantized',
          String(w.quantization ? 'quantized' : w.dtype),
        );
      }
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (p + 4 * n > bytes.length) {
        throw new UsageError(
          `${source}: weight ${w.name}`,
          `${4 * n} bytes at offset ${p} of the weights`,
          described(`${bytes.length - p} bytes left`),
        );
      }
      const data = new Float32Array(n);
      for (let k = 0; k < n; k++, p += 4) data[k] = view.getFloat32(p, true);
      out.set(w.name, { name: w.name, shape: w.shape, data });
    }
  }
  if (p !== bytes.length)
    throw new UsageError(
      `${source}: weights`,
      `${p} bytes (as the manifest lists)`,
      described(`${bytes.length} bytes`),
    );
  return out;
}

/** The paths model.json lists for its weights, in order (relative to model.json). */
export function tfjsWeightPaths(json: unknown, source: string): string[] {
  const groups = (json as { weightsManifest?: { paths?: unknown }[] } | null)?.weightsManifest;
  if (!Array.isArray(groups))
    throw new UsageError(`${source}: weightsManifest`, 'an array of weight groups', described('nothing'));
  return groups.flatMap((g) => (Array.isArray(g.paths) ? g.paths.map(String) : []));
}

export function tfjsToNet(json: unknown, weightBytes: Uint8Array, source: string): ImportedNet {
  const { blocks, inputDim } = blocksOf(layersOf(json, source), source);
  if (blocks.length === 0)
    throw new UsageError(source, 'a model with at least one Dense layer', described('none'));
  const weights = readWeights(json, weightBytes, source);
  const find = (layer: string, suffix: string): Entry => {
    const hit = [...weights.values()].find(
      (w) => w.name === `${layer}/${suffix}` || w.name.endsWith(`/${layer}/${suffix}`),
    );
    if (!hit)
      throw new UsageError(
        `${source}: layer ${layer}`,
        `a weight ${layer}/${suffix}`,
        described('none in the manifest'),
      );
    return hit;
  };
  const hidden = blocks.slice(0, -1);
  const out = blocks.at(-1)!;
  const outName = String(out.dense.config.name);
  // the output's sigmoid/softmax belong to gradscope's loss (bce, ce): its output layer is linear
  if (!['linear', 'sigmoid', 'softmax'].includes(out.activation) || out.norm !== 'none') {
    throw new UsageError(
      `${source}: layer ${outName}`,
      'an output Dense layer with linear, sigmoid or softmax activation and no norm',
      out.norm !== 'none' ? `a ${out.norm} norm` : out.activation,
    );
  }
  const specs = hidden.map((b) => gradscopeActivation(b.activation, String(b.dense.config.name), source));
  const odd = specs.findIndex((s) => s !== specs[0]);
  if (odd >= 0) {
    throw new UsageError(
      `${source}: layer ${String(hidden[odd]!.dense.config.name)}`,
      `activation ${specs[0]} (gradscope has one hidden activation)`,
      specs[odd]!,
    );
  }
  const norm = commonNorm(hidden.map((b) => b.norm));
  if ('differs' in norm) {
    throw new UsageError(
      `${source}: layer ${String(hidden[norm.differs]!.dense.config.name)}`,
      `the same norm as every hidden layer (${hidden[0]!.norm})`,
      hidden[norm.differs]!.norm,
    );
  }
  const tensors: Record<string, LoadableTensor> = {};
  let fanIn = inputDim;
  blocks.forEach((b, l) => {
    const name = String(b.dense.config.name);
    const K = find(name, 'kernel');
    const units = Number(b.dense.config.units);
    if (K.shape.length !== 2 || K.shape[1] !== units || (fanIn !== null && K.shape[0] !== fanIn)) {
      throw new UsageError(
        `${source}: ${K.name}`,
        `shape [${fanIn ?? '*'}, ${units}]`,
        described(`[${K.shape.join(', ')}]`),
      );
    }
    const [I, O] = K.shape as [number, number];
    const W = new Float32Array(O * I); // (O, I) = Kᵀ
    for (let i = 0; i < I; i++) for (let o = 0; o < O; o++) W[o * I + i] = K.data[i * O + o]!;
    tensors[`layers.${l}.weight`] = { shape: [O, I], data: W };
    tensors[`layers.${l}.bias`] =
      b.dense.config.use_bias === false
        ? { shape: [O], data: new Float32Array(O) }
        : { shape: [O], data: find(name, 'bias').data };
    if (b.normLayer) {
      const n = String(b.normLayer.config.name);
      const vec = (suffix: string) => {
        const t = find(n, suffix);
        if (t.shape.length !== 1 || t.shape[0] !== O)
          throw new UsageError(`${source}: ${t.name}`, `shape [${O}]`, described(`[${t.shape.join(', ')}]`));
        return { shape: [O], data: t.data };
      };
      tensors[`norms.${l}.weight`] = vec('gamma');
      tensors[`norms.${l}.bias`] = vec('beta');
      if (b.norm === 'batch') {
        tensors[`norms.${l}.running_mean`] = vec('moving_mean');
        tensors[`norms.${l}.running_var`] = vec('moving_variance');
      }
    }
    fanIn = O;
  });
  const first = tensors['layers.0.weight']!;
  return {
    settings: {
      hidden: hidden.map((b) => Number(b.dense.config.units)),
      ...(specs[0] === undefined ? {} : { activation: specs[0] }),
      norm: norm.norm,
      dropout: hidden[0]?.dropout ?? 0,
    },
    inputDim: first.shape[1]!,
    outputDim: Number(out.dense.config.units),
    tensors,
  };
}
