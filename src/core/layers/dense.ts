// Dense: z = x Wᵀ + b, with W stored (O, I) as torch.nn.Linear does.
// B = batch, I = in, O = out.

import type { BiasInitializer, Initializer } from '../init.js';
import type { Vec } from '../tensor.js';
import type { Layer, LayerContext, Mode } from './layer.js';

export interface DenseLayer extends Layer {
  readonly kind: 'dense';
  /** (O, I) */
  readonly weight: Vec;
  /** (O) */
  readonly bias: Vec;
  readonly dWeight: Vec;
  readonly dBias: Vec;
  /** the last dz (B, O) seen by backward: the backpropagated signal ∂L/∂z_l */
  readonly lastDz: Vec | null;
  /** the last input x (B, I) seen by forward */
  readonly lastX: Vec | null;
}

export function createDense(
  ctx: LayerContext,
  inDim: number,
  outDim: number,
  init: Initializer,
  biasInit: BiasInitializer,
): DenseLayer {
  const { kernels, dtype, capacity } = ctx;
  const I = inDim;
  const O = outDim;
  const z = kernels.alloc(dtype, capacity * O); // (B, O)
  const dx = kernels.alloc(dtype, capacity * I); // (B, I)
  const tz = kernels.alloc(dtype, capacity * O); // (B, O) jvp tangent
  let W: Vec = z.subarray(0, 0);
  let b: Vec = W;
  let dW: Vec = W;
  let db: Vec = W;
  let x: Vec | null = null;
  let lastDz: Vec | null = null;

  const layer: DenseLayer = {
    kind: 'dense',
    inDim: I,
    outDim: O,
    params: [
      { name: 'weight', shape: [O, I], decay: true, init: (v, rng) => init.fill(v, O, I, rng) },
      { name: 'bias', shape: [O], decay: false, init: (v, rng) => biasInit.fill(v, O, rng) },
    ],
    state: [],
    get weight() {
      return W;
    },
    get bias() {
      return b;
    },
    get dWeight() {
      return dW;
    },
    get dBias() {
      return db;
    },
    get lastDz() {
      return lastDz;
    },
    get lastX() {
      return x;
    },
    bind(values, grads) {
      [W, b] = values as [Vec, Vec];
      [dW, db] = grads as [Vec, Vec];
    },
    forward(input: Vec, B: number, _mode: Mode) {
      x = input;
      kernels.gemmNT(z, input, W, B, O, I, false);
      kernels.addRowVector(z, b, B, O);
      return z;
    },
    backward(dz: Vec, B: number, needDx: boolean) {
      lastDz = dz;
      kernels.gemmTN(dW, dz, x!, O, I, B, true); // dW += dzᵀ x
      kernels.sumRows(db, dz, B, O, true); // db += Σ_rows dz
      if (!needDx) return null;
      kernels.gemmNN(dx, dz, W, B, I, O, false); // dx = dz W
      return dx;
    },
    jvp(tx: Vec, B: number) {
      kernels.gemmNT(tz, tx, W, B, O, I, false);
      return tz;
    },
    vjp(dz: Vec, B: number) {
      kernels.gemmNN(dx, dz, W, B, I, O, false);
      return dx;
    },
  };
  return layer;
}
