// Inverted dropout on hidden activations: in train mode each unit is zeroed with probability p and the
// survivors are scaled by 1/(1 − p), so E[y] = x and eval mode is the identity.
// reference: torch.nn.Dropout(p) (train: Bernoulli(1 − p) mask / (1 − p); eval: identity).
// B = batch, N = features. The mask comes from the seeded Rng the layer is given, one draw per unit.

import type { Rng } from '../rng.js';
import type { Vec } from '../tensor.js';
import type { Layer, LayerContext, Mode } from './layer.js';

export interface DropoutLayer extends Layer {
  readonly kind: 'dropout';
  readonly p: number;
  /** (B, N) 0 or 1/(1 − p) from the last train-mode forward */
  readonly mask: Vec;
}

export function createDropoutLayer(ctx: LayerContext, p: number, dim: number, rng: Rng): DropoutLayer {
  const { kernels, dtype, capacity } = ctx;
  const N = dim;
  const keep = 1 / (1 - p);
  const mask = kernels.alloc(dtype, capacity * N); // (B, N)
  const y = kernels.alloc(dtype, capacity * N); // (B, N)
  const dx = kernels.alloc(dtype, capacity * N); // (B, N) backward, vjp and jvp all apply the mask
  let lastMode: Mode = 'eval';

  // eval mode is the identity, so its Jacobian returns the incoming buffer untouched
  const times = (g: Vec, B: number): Vec => {
    if (lastMode === 'eval') return g;
    for (let i = 0; i < B * N; i++) dx[i] = g[i]! * mask[i]!;
    return dx;
  };

  return {
    kind: 'dropout',
    inDim: N,
    outDim: N,
    params: [],
    state: [],
    p,
    mask,
    bind() {},
    forward(x: Vec, B: number, mode: Mode) {
      lastMode = mode;
      if (mode === 'eval') return x;
      for (let i = 0; i < B * N; i++) {
        // NOTE: next() < p drops with probability exactly p (next() is uniform on [0, 1) with 53 bits)
        mask[i] = rng.next() < p ? 0 : keep;
        y[i] = x[i]! * mask[i]!;
      }
      return y;
    },
    backward: (dy: Vec, B: number, needDx: boolean) => (needDx ? times(dy, B) : null),
    jvp: (tx: Vec, B: number) => times(tx, B),
    vjp: (dy: Vec, B: number) => times(dy, B),
  };
}
