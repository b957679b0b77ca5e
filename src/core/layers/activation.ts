// Activation layer: a = f(z) elementwise. It keeps f'(z) from the last forward, which backward,
// jvp and the diagnostics (mean f', saturation, dead units) all read: this is the diag(f'(z_l))
// factor of the notes' D_l = diag(f'(z_l)) W_l.

import type { Activation } from '../activations.js';
import type { Vec } from '../tensor.js';
import type { Layer, LayerContext, Mode } from './layer.js';

export interface ActivationLayer extends Layer {
  readonly kind: 'activation';
  readonly fn: Activation;
  /** z of the last forward (B, N) */
  readonly lastZ: Vec | null;
  /** a = f(z) of the last forward (B, N) */
  readonly out: Vec;
  /** f'(z) of the last forward (B, N) */
  readonly derivative: Vec;
  /** rows of the last forward */
  readonly lastB: number;
}

export function createActivation(ctx: LayerContext, dim: number, plain: Activation): ActivationLayer {
  const { kernels, dtype, capacity } = ctx;
  const fn = kernels.activation?.(plain) ?? plain; // same name, spec and values to float32 rounding
  const N = dim;
  const a = kernels.alloc(dtype, capacity * N); // (B, N)
  const d = kernels.alloc(dtype, capacity * N); // (B, N) f'(z)
  const dz = kernels.alloc(dtype, capacity * N); // (B, N)
  let z: Vec | null = null;
  let lastB = 0;
  let derivFresh = false;

  const ensureDerivative = (): void => {
    if (!derivFresh) {
      fn.derivative(d, z!, a, lastB * N);
      derivFresh = true;
    }
  };
  const times = (g: Vec, B: number): Vec => {
    ensureDerivative();
    if (kernels.mul) kernels.mul(dz, g, d, B * N);
    else for (let i = 0; i < B * N; i++) dz[i] = g[i]! * d[i]!;
    return dz;
  };

  return {
    kind: 'activation',
    inDim: N,
    outDim: N,
    params: [],
    state: [],
    fn,
    get lastZ() {
      return z;
    },
    out: a,
    get derivative() {
      ensureDerivative();
      return d;
    },
    get lastB() {
      return lastB;
    },
    bind() {},
    forward(input: Vec, B: number, _mode: Mode) {
      z = input;
      lastB = B;
      fn.forward(a, input, B * N);
      derivFresh = false;
      return a;
    },
    backward: (da: Vec, B: number) => times(da, B),
    jvp: (tz: Vec, B: number) => times(tz, B),
    vjp: (da: Vec, B: number) => times(da, B),
  };
}
