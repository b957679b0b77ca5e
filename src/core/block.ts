// A block is one Dense layer and what follows it up to the next Dense:
//   hidden:  h_l = [h_{l−1} +] s · dropout(f(norm(W_l h_{l−1} + b_l)))     (residual when widths match)
//   two-layer residual branch (--residual-branch 2, Fixup / SkipInit / Hanin & Rolnick):
//            h_l = h_{l−1} + s · (W'_l dropout(f(norm(W_l h_{l−1} + b_l))) + b'_l)
//   output:  logits = W_L h_{L−1} + b_L
// The first block (input width → hidden width) is never residual: h + F(h) needs equal shapes.
// Its Jacobian ∂h_l/∂h_{l−1} is the notes' D_l; jvp/vjp apply it, the diagnostics measure it.

import type { ActivationLayer } from './layers/activation.js';
import type { DenseLayer } from './layers/dense.js';
import type { Layer, LayerContext, Mode } from './layers/layer.js';
import type { Vec } from './tensor.js';

export interface Block {
  /** index of this block's Dense layer, counting from 0 */
  readonly index: number;
  readonly dense: DenseLayer;
  readonly norm: Layer | null;
  readonly activation: ActivationLayer | null;
  /** Dense, then norm, activation and dropout where present, then a two-layer branch's second Dense */
  readonly layers: readonly Layer[];
  /** the residual branch scale s, or null when the block is not residual */
  readonly residualScale: number | null;
  readonly inDim: number;
  readonly outDim: number;
  /** the block's output h_l (B, O) of the last forward (the residual sum, not the branch); null before one */
  readonly lastOutput: Vec | null;
  /** rows B of the last forward */
  readonly lastRows: number;
  forward(x: Vec, B: number, mode: Mode): Vec;
  backward(dy: Vec, B: number, needDx: boolean): Vec | null;
  jvp(dx: Vec, B: number): Vec;
  vjp(dy: Vec, B: number): Vec;
}

export interface BlockParts {
  index: number;
  dense: DenseLayer;
  norm: Layer | null;
  activation: ActivationLayer | null;
  dropout: Layer | null;
  /** the second Dense of a two-layer residual branch, or null */
  second?: DenseLayer | null;
  residualScale: number | null;
}

export function createBlock(ctx: LayerContext, parts: BlockParts): Block {
  const { dense, norm, activation, dropout, residualScale } = parts;
  const layers: Layer[] = [dense];
  if (norm) layers.push(norm);
  if (activation) layers.push(activation);
  if (dropout) layers.push(dropout);
  if (parts.second) layers.push(parts.second);
  const inDim = dense.inDim;
  const outDim = layers[layers.length - 1]!.outDim;
  const s = residualScale;
  // residual sums need their own buffers: y = x + s·F(x), and s·dy for the branch
  const y = s === null ? null : ctx.kernels.alloc(ctx.dtype, ctx.capacity * outDim); // (B, O)
  const scaled = s === null ? null : ctx.kernels.alloc(ctx.dtype, ctx.capacity * outDim); // (B, O)
  const dxSum = s === null ? null : ctx.kernels.alloc(ctx.dtype, ctx.capacity * inDim); // (B, I)
  const ty = s === null ? null : ctx.kernels.alloc(ctx.dtype, ctx.capacity * outDim); // (B, O) jvp tangent

  const addSkip = (out: Vec, skip: Vec, branch: Vec, n: number): Vec => {
    for (let i = 0; i < n; i++) out[i] = skip[i]! + s! * branch[i]!;
    return out;
  };
  const scale = (g: Vec, n: number): Vec => {
    for (let i = 0; i < n; i++) scaled![i] = s! * g[i]!;
    return scaled!;
  };

  let lastOutput: Vec | null = null;
  let lastRows = 0;
  return {
    index: parts.index,
    dense,
    norm,
    activation,
    layers,
    residualScale: s,
    inDim,
    outDim,
    get lastOutput() {
      return lastOutput;
    },
    get lastRows() {
      return lastRows;
    },
    forward(x, B, mode) {
      let h = x;
      for (const layer of layers) h = layer.forward(h, B, mode);
      lastOutput = s === null ? h : addSkip(y!, x, h, B * outDim);
      lastRows = B;
      return lastOutput;
    },
    backward(dy, B, needDx) {
      let g: Vec | null = s === null ? dy : scale(dy, B * outDim);
      for (let i = layers.length - 1; i >= 0 && g; i--) g = layers[i]!.backward(g, B, i > 0 || needDx);
      if (!needDx || s === null) return g;
      return addOne(dxSum!, dy, g!, B * inDim);
    },
    jvp(dx, B) {
      let t = dx;
      for (const layer of layers) t = layer.jvp(t, B);
      return s === null ? t : addSkip(ty!, dx, t, B * outDim);
    },
    vjp(dy, B) {
      let g: Vec = s === null ? dy : scale(dy, B * outDim);
      for (let i = layers.length - 1; i >= 0; i--) g = layers[i]!.vjp(g, B);
      return s === null ? g : addOne(dxSum!, dy, g, B * inDim);
    },
  };
}

/** out = a + b (the skip path's identity Jacobian plus the already-scaled branch). */
function addOne(out: Vec, a: Vec, b: Vec, n: number): Vec {
  for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
  return out;
}
