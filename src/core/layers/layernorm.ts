// LayerNorm over the feature dimension of each row: y = γ ⊙ x̂ + β, x̂ = (x − μ_row) / √(σ²_row + ε).
// reference: torch.nn.LayerNorm(N, eps=1e-5, elementwise_affine=True) — biased variance, γ init 1, β init 0.
// B = batch, N = features. Everything is per row, so jvp/vjp are the exact per-example Jacobian.

import type { Vec } from '../tensor.js';
import type { Layer, LayerContext, Mode, ParamSpec } from './layer.js';

export const LAYERNORM_EPS = 1e-5;

export interface NormLayer extends Layer {
  readonly kind: 'layernorm' | 'batchnorm';
  /** γ (N) */
  readonly weight: Vec;
  /** β (N) */
  readonly bias: Vec;
}

/** γ ('weight', init 1) and β ('bias', init 0) of a norm over N features; not decayed (not Dense weights). */
export function affineParams(N: number): ParamSpec[] {
  return [
    { name: 'weight', shape: [N], decay: false, init: (v) => v.fill(1) },
    { name: 'bias', shape: [N], decay: false, init: (v) => v.fill(0) },
  ];
}

export function createLayerNorm(ctx: LayerContext, dim: number): NormLayer {
  const { kernels, dtype, capacity } = ctx;
  const N = dim;
  const y = kernels.alloc(dtype, capacity * N); // (B, N)
  const xhat = kernels.alloc(dtype, capacity * N); // (B, N) normalized input of the last forward
  const rstd = new Float64Array(capacity); // (B) 1/√(σ² + ε) per row
  const dx = kernels.alloc(dtype, capacity * N); // (B, N)
  const ty = kernels.alloc(dtype, capacity * N); // (B, N) jvp tangent
  let W: Vec = y.subarray(0, 0);
  let b: Vec = W;
  let dW: Vec = W;
  let db: Vec = W;

  // The Jacobian of x̂ w.r.t. one row x is the symmetric P = rstd·(I − 11ᵀ/N − x̂x̂ᵀ/N), so the same
  // routine serves backward, vjp (P applied to γ⊙dy) and jvp (P applied to the tangent, then γ⊙).
  // gammaFirst: scale the incoming vector by γ before P (vjp); otherwise after P (jvp).
  const applyP = (out: Vec, v: Vec, B: number, gammaFirst: boolean): Vec => {
    for (let r = 0; r < B; r++) {
      const o = r * N;
      let mean = 0;
      let meanDot = 0;
      for (let j = 0; j < N; j++) {
        const g = gammaFirst ? v[o + j]! * W[j]! : v[o + j]!;
        mean += g;
        meanDot += g * xhat[o + j]!;
      }
      mean /= N;
      meanDot /= N;
      const s = rstd[r]!;
      for (let j = 0; j < N; j++) {
        const g = gammaFirst ? v[o + j]! * W[j]! : v[o + j]!;
        const p = s * (g - mean - xhat[o + j]! * meanDot);
        out[o + j] = gammaFirst ? p : p * W[j]!;
      }
    }
    return out;
  };

  return {
    kind: 'layernorm',
    inDim: N,
    outDim: N,
    params: affineParams(N),
    state: [],
    get weight() {
      return W;
    },
    get bias() {
      return b;
    },
    bind(values, grads) {
      [W, b] = values as [Vec, Vec];
      [dW, db] = grads as [Vec, Vec];
    },
    forward(x: Vec, B: number, _mode: Mode) {
      for (let r = 0; r < B; r++) {
        const o = r * N;
        // NOTE: two passes (mean, then Σ(x − μ)²) instead of E[x²] − μ², which cancels catastrophically
        // in float32 when |μ| ≫ σ; sums are float64 either way.
        let mean = 0;
        for (let j = 0; j < N; j++) mean += x[o + j]!;
        mean /= N;
        let v = 0;
        for (let j = 0; j < N; j++) {
          const d = x[o + j]! - mean;
          v += d * d;
        }
        const s = 1 / Math.sqrt(v / N + LAYERNORM_EPS);
        rstd[r] = s;
        for (let j = 0; j < N; j++) {
          const h = (x[o + j]! - mean) * s;
          xhat[o + j] = h;
          y[o + j] = W[j]! * h + b[j]!;
        }
      }
      return y;
    },
    backward(dy: Vec, B: number, needDx: boolean) {
      for (let r = 0; r < B; r++) {
        const o = r * N;
        for (let j = 0; j < N; j++) {
          dW[j] += dy[o + j]! * xhat[o + j]!; // dγ += Σ_rows dy ⊙ x̂
          db[j] += dy[o + j]!; // dβ += Σ_rows dy
        }
      }
      return needDx ? applyP(dx, dy, B, true) : null;
    },
    jvp: (tx: Vec, B: number) => applyP(ty, tx, B, false),
    vjp: (dy: Vec, B: number) => applyP(dx, dy, B, true),
  };
}
