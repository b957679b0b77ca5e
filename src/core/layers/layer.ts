// The layer contract: forward, backward (the vector–Jacobian product, accumulating parameter
// gradients) and jvp side by side, over buffers allocated once for up to `capacity` rows.
// B = rows in this call (≤ capacity), I = inDim, O = outDim. Every method reads and writes the first
// B rows only; returned buffers belong to the layer and stay valid until its next call.

import type { Kernels } from '../kernels/types.js';
import type { Rng } from '../rng.js';
import type { DType, Vec } from '../tensor.js';

export type Mode = 'train' | 'eval';

export interface ParamSpec {
  /** local name, e.g. 'weight'; the model prefixes it ('layers.3.weight') */
  readonly name: string;
  readonly shape: readonly number[];
  /** whether L1/L2 penalties and weight decay apply (Dense weights only) */
  readonly decay: boolean;
  /** fill the initial value */
  init(value: Vec, rng: Rng): void;
}

/** Non-trainable state saved with the model, e.g. BatchNorm running statistics. */
export interface StateSpec {
  readonly name: string;
  readonly shape: readonly number[];
  init(value: Vec): void;
}

export interface LayerContext {
  readonly kernels: Kernels;
  readonly dtype: DType;
  /** the largest batch the layer will see */
  readonly capacity: number;
}

export interface Layer {
  readonly kind: string;
  readonly inDim: number;
  readonly outDim: number;
  readonly params: readonly ParamSpec[];
  readonly state: readonly StateSpec[];
  /** Receive views into the model's flat parameter, gradient and state buffers (same order as the specs). */
  bind(values: readonly Vec[], grads: readonly Vec[], state: readonly Vec[]): void;
  /** y (B, O) from x (B, I). The layer keeps a reference to x for backward. */
  forward(x: Vec, B: number, mode: Mode): Vec;
  /** dx (B, I) from dy (B, O); adds ∂L/∂θ into the bound gradients. Returns null when !needDx. */
  backward(dy: Vec, B: number, needDx: boolean): Vec | null;
  /** Jacobian–vector product at the last forward: tangent dy (B, O) from tangent dx (B, I), per row. */
  jvp(dx: Vec, B: number): Vec;
  /** Vector–Jacobian product at the last forward, without touching parameter gradients. */
  vjp(dy: Vec, B: number): Vec;
}
