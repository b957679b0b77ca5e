// BatchNorm1d over the batch dimension of each feature: y = γ ⊙ x̂ + β, x̂ = (x − μ_j) / √(σ²_j + ε).
// reference: torch.nn.BatchNorm1d(N, eps=1e-5, momentum=0.1) — train mode normalises with the biased batch
// variance and updates running_var with the unbiased one; eval mode normalises with the running statistics.
// B = batch, N = features.

import { UsageError } from '../errors.js';
import type { Vec } from '../tensor.js';
import type { LayerContext, Mode } from './layer.js';
import { affineParams, type NormLayer } from './layernorm.js';

export const BATCHNORM_EPS = 1e-5;
export const BATCHNORM_MOMENTUM = 0.1;

export interface BatchNormLayer extends NormLayer {
  readonly kind: 'batchnorm';
  /** (N) */
  readonly runningMean: Vec;
  /** (N) */
  readonly runningVar: Vec;
}

export function createBatchNorm(ctx: LayerContext, dim: number): BatchNormLayer {
  const { kernels, dtype, capacity } = ctx;
  const N = dim;
  const y = kernels.alloc(dtype, capacity * N); // (B, N)
  const xhat = kernels.alloc(dtype, capacity * N); // (B, N) normalized input of the last forward
  const rstd = new Float64Array(N); // (N) 1/√(σ² + ε) of the last forward (batch or running σ²)
  const mean = new Float64Array(N); // (N) scratch: batch mean, then Σ dx̂ in backward
  const meanDot = new Float64Array(N); // (N) scratch: Σ dx̂ ⊙ x̂ in backward
  const dx = kernels.alloc(dtype, capacity * N); // (B, N)
  const ty = kernels.alloc(dtype, capacity * N); // (B, N) jvp tangent
  let W: Vec = y.subarray(0, 0);
  let b: Vec = W;
  let dW: Vec = W;
  let db: Vec = W;
  let runMean: Vec = W;
  let runVar: Vec = W;
  let lastMode: Mode = 'eval';

  const trainStats = (x: Vec, B: number): void => {
    if (B < 2) {
      // reference: PyTorch raises "Expected more than 1 value per channel when training"
      throw new UsageError(
        'batchnorm.forward: B',
        '≥ 2 in train mode (BatchNorm needs more than 1 value per feature when training)',
        B,
      );
    }
    mean.fill(0);
    for (let r = 0; r < B; r++) for (let j = 0; j < N; j++) mean[j] += x[r * N + j]!;
    for (let j = 0; j < N; j++) mean[j] /= B;
    meanDot.fill(0); // Σ (x − μ)², two-pass like LayerNorm
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < N; j++) {
        const d = x[r * N + j]! - mean[j]!;
        meanDot[j] += d * d;
      }
    }
    for (let j = 0; j < N; j++) {
      const biased = meanDot[j]! / B;
      rstd[j] = 1 / Math.sqrt(biased + BATCHNORM_EPS);
      // NOTE: the running variance takes the unbiased estimate Σ/(B − 1), the normalisation the biased Σ/B
      runMean[j] = (1 - BATCHNORM_MOMENTUM) * runMean[j]! + BATCHNORM_MOMENTUM * mean[j]!;
      runVar[j] = (1 - BATCHNORM_MOMENTUM) * runVar[j]! + (BATCHNORM_MOMENTUM * meanDot[j]!) / (B - 1);
    }
  };

  // NOTE: jvp/vjp are the per-example linearization x ↦ γ ⊙ rstd ⊙ x with the statistics of the last
  // forward held constant: the running ones in eval mode (exact), the batch ones in train mode. The latter
  // drops the O(1/B) terms by which one example moves μ_B and σ²_B for every other row; without them the
  // Jacobian is per row (as the Layer contract and the per-example diagnostics need) and the chain rule
  // through the network is the same linearization at every layer. backward() keeps those terms: it is the
  // exact gradient of the train-mode batch loss, so in train mode vjp ≠ backward's dx.
  const diag = (out: Vec, v: Vec, B: number): Vec => {
    for (let r = 0; r < B; r++) for (let j = 0; j < N; j++) out[r * N + j] = v[r * N + j]! * W[j]! * rstd[j]!;
    return out;
  };

  return {
    kind: 'batchnorm',
    inDim: N,
    outDim: N,
    params: affineParams(N),
    state: [
      { name: 'running_mean', shape: [N], init: (v) => v.fill(0) },
      { name: 'running_var', shape: [N], init: (v) => v.fill(1) },
    ],
    get weight() {
      return W;
    },
    get bias() {
      return b;
    },
    get runningMean() {
      return runMean;
    },
    get runningVar() {
      return runVar;
    },
    bind(values, grads, state) {
      [W, b] = values as [Vec, Vec];
      [dW, db] = grads as [Vec, Vec];
      [runMean, runVar] = state as [Vec, Vec];
    },
    forward(x: Vec, B: number, mode: Mode) {
      lastMode = mode;
      if (mode === 'train') {
        trainStats(x, B); // leaves the batch mean in `mean`
      } else {
        for (let j = 0; j < N; j++) {
          mean[j] = runMean[j]!;
          rstd[j] = 1 / Math.sqrt(runVar[j]! + BATCHNORM_EPS);
        }
      }
      for (let r = 0; r < B; r++) {
        for (let j = 0; j < N; j++) {
          const h = (x[r * N + j]! - mean[j]!) * rstd[j]!;
          xhat[r * N + j] = h;
          y[r * N + j] = W[j]! * h + b[j]!;
        }
      }
      return y;
    },
    backward(dy: Vec, B: number, needDx: boolean) {
      mean.fill(0);
      meanDot.fill(0);
      for (let r = 0; r < B; r++) {
        for (let j = 0; j < N; j++) {
          const g = dy[r * N + j]!;
          const h = xhat[r * N + j]!;
          dW[j] += g * h; // dγ += Σ_rows dy ⊙ x̂
          db[j] += g; // dβ += Σ_rows dy
          mean[j] += g * W[j]!; // Σ_rows dx̂
          meanDot[j] += g * W[j]! * h; // Σ_rows dx̂ ⊙ x̂
        }
      }
      if (!needDx) return null;
      if (lastMode === 'eval') return diag(dx, dy, B);
      // train mode: dx = rstd ⊙ (dx̂ − mean_rows(dx̂) − x̂ ⊙ mean_rows(dx̂ ⊙ x̂)), per feature
      for (let r = 0; r < B; r++) {
        for (let j = 0; j < N; j++) {
          const dh = dy[r * N + j]! * W[j]!;
          dx[r * N + j] = rstd[j]! * (dh - mean[j]! / B - xhat[r * N + j]! * (meanDot[j]! / B));
        }
      }
      return dx;
    },
    jvp: (tx: Vec, B: number) => diag(ty, tx, B),
    vjp: (dy: Vec, B: number) => diag(dx, dy, B),
  };
}
