// A sequential MLP over one flat parameter buffer and one flat gradient buffer (the llm.c layout), so
// norms, clipping, penalties and optimizers are single loops. Named views give each tensor.

import { parseActivation } from './activations.js';
import { type Block, createBlock } from './block.js';
import { UsageError } from './errors.js';
import { parseBiasInit, parseInit } from './init.js';
import type { Kernels } from './kernels/types.js';
import { createActivation } from './layers/activation.js';
import { createDense } from './layers/dense.js';
import type { Layer, LayerContext, Mode } from './layers/layer.js';
import { createDropout, createNorm, type NormKind } from './layers/optional.js';
import type { Rng } from './rng.js';
import type { DType, Vec } from './tensor.js';

export interface ModelSpec {
  readonly inputDim: number;
  /** hidden widths; empty for a linear model (one Dense layer, input → output) */
  readonly hidden: readonly number[];
  readonly outputDim: number;
  readonly activation: string;
  readonly init: string;
  /** a constant, or 'normal:<σ_b>' */
  readonly biasInit: number | string;
  readonly norm: NormKind;
  readonly residual: boolean;
  /** Dense layers in a residual branch F: 1 = f(Wh + b), 2 = W₂ f(W₁h + b₁) + b₂ (default 1) */
  readonly residualBranch?: number;
  /** branch scale s in h + s·F(h); 'auto' = 1/√(number of residual blocks) */
  readonly residualScale: number | 'auto';
  readonly dropout: number;
}

export interface TensorView {
  /** safetensors name, e.g. 'layers.0.weight' */
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  /** L1/L2/weight decay apply (Dense weights) */
  readonly decay: boolean;
  /** the Dense-layer (block) index it belongs to */
  readonly block: number;
  readonly value: Vec;
  readonly grad: Vec;
}

export interface StateView {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Vec;
}

export interface Model {
  readonly spec: ModelSpec;
  readonly dtype: DType;
  readonly capacity: number;
  /** the kernel set every layer runs on (its `stats` serve the instruments) */
  readonly kernels: Kernels;
  readonly blocks: readonly Block[];
  /** every trainable scalar, in tensor order */
  readonly params: Vec;
  /** ∂L/∂params, same layout */
  readonly grads: Vec;
  readonly tensors: readonly TensorView[];
  readonly state: readonly StateView[];
  /** (capacity, inputDim): write a batch here, then call forward */
  readonly input: Vec;
  /** logits (B, outputDim) from the first B rows of `input` */
  forward(B: number, mode: Mode): Vec;
  /** accumulate ∂L/∂params from dLogits (B, outputDim) */
  backward(dLogits: Vec, B: number): void;
  zeroGrad(): void;
  /** fill parameters and state from the spec's initializers */
  initialize(rng: Rng): void;
}

/** Residual scale actually applied to a block; null when the block is not residual. */
function residualScaleFor(spec: ModelSpec, inDim: number, outDim: number): number | null {
  if (!spec.residual || inDim !== outDim) return null;
  // NOTE: a first block that changes width (2 → n) is no residual block, so it does not count
  const blocks = residualBlockCount(spec.inputDim, spec.hidden);
  return spec.residualScale === 'auto' ? 1 / Math.sqrt(blocks) : spec.residualScale;
}

/** Hidden blocks whose input width equals their output width: the ones --residual makes h + s·F(h). */
export function residualBlockCount(inputDim: number, hidden: readonly number[]): number {
  let n = 0;
  for (let l = 0; l < hidden.length; l++) if ((l === 0 ? inputDim : hidden[l - 1]) === hidden[l]) n++;
  return n;
}

export function validateModelSpec(spec: ModelSpec): void {
  spec.hidden.forEach((w) => {
    if (!Number.isInteger(w) || w < 1)
      throw new UsageError('createModel: hidden', 'positive integer widths', spec.hidden.join(','));
  });
  if (spec.residual) {
    if (residualBlockCount(spec.inputDim, spec.hidden) === 0) {
      const dims = [spec.inputDim, ...spec.hidden];
      throw new UsageError(
        'createModel: residual',
        'at least one hidden block whose input width equals its output width (h + F(h) needs equal shapes)',
        `widths ${dims.join('→')}: no block has matching widths`,
      );
    }
  }
}

export function createModel(
  spec: ModelSpec,
  opts: { kernels: Kernels; dtype: DType; capacity: number; rng: Rng },
): Model {
  validateModelSpec(spec);
  const ctx: LayerContext = { kernels: opts.kernels, dtype: opts.dtype, capacity: opts.capacity };
  const act = parseActivation(spec.activation);
  const init = parseInit(spec.init);
  const bias = parseBiasInit(spec.biasInit, 'createModel: biasInit');
  const dims = [spec.inputDim, ...spec.hidden, spec.outputDim];
  const blocks: Block[] = [];
  const named: { prefix: string; layer: Layer; block: number }[] = [];
  for (let l = 0; l < dims.length - 1; l++) {
    const I = dims[l]!;
    const O = dims[l + 1]!;
    const hidden = l < dims.length - 2;
    const dense = createDense(ctx, I, O, init, bias);
    const norm = hidden ? createNorm(ctx, spec.norm, O) : null;
    const activation = hidden ? createActivation(ctx, O, act) : null;
    const dropout = hidden ? createDropout(ctx, spec.dropout, O, opts.rng.fork(`dropout.${l}`)) : null;
    named.push({ prefix: `layers.${l}.`, layer: dense, block: l });
    if (norm) named.push({ prefix: `norms.${l}.`, layer: norm, block: l });
    const residualScale = hidden ? residualScaleFor(spec, I, O) : null;
    // a two-layer branch W₂ f(W₁h): its second Dense is initialised like every weight (zero mean)
    const second =
      residualScale !== null && spec.residualBranch === 2 ? createDense(ctx, O, O, init, bias) : null;
    if (second) named.push({ prefix: `branches.${l}.`, layer: second, block: l });
    blocks.push(createBlock(ctx, { index: l, dense, norm, activation, dropout, second, residualScale }));
  }

  // one flat buffer for all parameters, one for all gradients
  let total = 0;
  for (const { layer } of named) for (const p of layer.params) total += p.shape.reduce((a, b) => a * b, 1);
  const params = opts.kernels.alloc(opts.dtype, total);
  const grads = opts.kernels.alloc(opts.dtype, total);
  const tensors: TensorView[] = [];
  const state: StateView[] = [];
  const inits: { view: TensorView; init: (v: Vec, rng: Rng) => void }[] = [];
  const stateInits: { value: Vec; init: (v: Vec) => void }[] = [];
  let offset = 0;
  for (const { prefix, layer, block } of named) {
    const values: Vec[] = [];
    const gradViews: Vec[] = [];
    for (const p of layer.params) {
      const size = p.shape.reduce((a, b) => a * b, 1);
      const view: TensorView = {
        name: prefix + p.name,
        shape: p.shape,
        offset,
        size,
        decay: p.decay,
        block,
        value: params.subarray(offset, offset + size),
        grad: grads.subarray(offset, offset + size),
      };
      tensors.push(view);
      inits.push({ view, init: p.init });
      values.push(view.value);
      gradViews.push(view.grad);
      offset += size;
    }
    const stateViews = layer.state.map((s) => {
      const value = opts.kernels.alloc(
        opts.dtype,
        s.shape.reduce((a, b) => a * b, 1),
      );
      state.push({ name: prefix + s.name, shape: s.shape, value });
      stateInits.push({ value, init: s.init });
      return value;
    });
    layer.bind(values, gradViews, stateViews);
  }

  const input = opts.kernels.alloc(opts.dtype, opts.capacity * spec.inputDim); // (B, D)

  return {
    spec,
    dtype: opts.dtype,
    capacity: opts.capacity,
    blocks,
    params,
    grads,
    tensors,
    state,
    input,
    kernels: opts.kernels,
    forward(B, mode) {
      checkRows('model.forward', B, opts.capacity);
      let h: Vec = input;
      for (const block of blocks) h = block.forward(h, B, mode);
      return h;
    },
    backward(dLogits, B) {
      checkRows('model.backward', B, opts.capacity);
      let g: Vec | null = dLogits;
      for (let l = blocks.length - 1; l >= 0 && g; l--) g = blocks[l]!.backward(g, B, l > 0);
    },
    zeroGrad() {
      grads.fill(0);
    },
    initialize(rng) {
      // each tensor draws from its own stream, so adding a layer type never shifts another's weights
      for (const { view, init } of inits) init(view.value, rng.fork(view.name));
      for (const { value, init } of stateInits) init(value);
    },
  };
}

/** B rows must fit the buffers the model was built with; checked once at entry, the layers trust it. */
function checkRows(op: string, B: number, capacity: number): void {
  if (!Number.isInteger(B) || B < 0 || B > capacity) {
    throw new UsageError(`${op}: B`, `an integer from 0 to ${capacity} (the model's capacity)`, B);
  }
}
