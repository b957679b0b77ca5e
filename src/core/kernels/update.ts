// The optimizers' update loops as kernels over the flat parameter buffer, so a faster set (the WASM twins
// in assembly/update.ts) can run them. These plain loops are the reference: every element is computed in
// float64 and rounded once on store, and the twins must match them bit for bit.
// P = parameters. mask (P): 1 where decoupled weight decay applies, i.e. W ← (1 − ηλ)·W first.

import type { Vec } from '../tensor.js';

export interface UpdateKernels {
  /** a zeroed mask of n bytes the kernels can read in place */
  allocMask(n: number): Uint8Array;
  /** W ← (mask ? W·shrink : W) − lr·g */
  sgd(params: Vec, grads: Vec, mask: Uint8Array, lr: number, shrink: number): void;
  /** buf ← μ·buf + g;  W ← (mask ? W·shrink : W) − lr·(nesterov ? g + μ·buf : buf) */
  momentum(
    params: Vec,
    grads: Vec,
    buf: Vec,
    mask: Uint8Array,
    lr: number,
    shrink: number,
    mu: number,
    nesterov: boolean,
  ): void;
  /**
   * m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  W ← (mask ? W·shrink : W) − stepSize·m / (√v / bc2Sqrt + ε),
   * with m and v the float64 values before they are stored
   */
  adam(
    params: Vec,
    grads: Vec,
    m: Vec,
    v: Vec,
    mask: Uint8Array,
    stepSize: number,
    bc2Sqrt: number,
    beta1: number,
    beta2: number,
    eps: number,
    shrink: number,
  ): void;
}

export const referenceUpdate: UpdateKernels = {
  allocMask: (n) => new Uint8Array(n),
  sgd(params, grads, mask, lr, shrink) {
    for (let i = 0; i < params.length; i++) {
      const w = mask[i] ? params[i]! * shrink : params[i]!;
      params[i] = w - lr * grads[i]!;
    }
  },
  momentum(params, grads, buf, mask, lr, shrink, mu, nesterov) {
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      const b = mu * buf[i]! + g;
      buf[i] = b;
      const w = mask[i] ? params[i]! * shrink : params[i]!;
      params[i] = w - lr * (nesterov ? g + mu * b : b);
    }
  },
  adam(params, grads, m, v, mask, stepSize, bc2Sqrt, beta1, beta2, eps, shrink) {
    for (let i = 0; i < params.length; i++) {
      const g = grads[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      // NOTE: ε is added after √v is bias-corrected, as PyTorch does; Kingma & Ba's ε̂ form differs
      const w = mask[i] ? params[i]! * shrink : params[i]!;
      params[i] = w - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
    }
  },
};
