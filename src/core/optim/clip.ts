// Gradient clipping, applied after backward (and the penalty gradient) and before the update.
// When several are given they run in a fixed order, each only shrinking the gradient, so every bound
// asked for holds at the end:
//   1. --clip-value c       clamp each element to [−c, c]
//   2. --clip-layer-norm c  scale each parameter tensor to ‖g_k‖ ≤ c
//   3. --clip-norm c        scale the whole gradient to ‖g‖ ≤ c (last, so its bound is the final word)
// Norms are accumulated in float64, whatever the buffer's dtype, on the model's kernels (the WASM set sums
// in one call; its lanes add in another order than the plain loop, so the norm may differ in the last bits).

import type { Model } from '../model.js';
import { sumSquares, type Vec } from '../tensor.js';

export interface ClipSettings {
  readonly clipNorm: number | null;
  readonly clipLayerNorm: number | null;
  readonly clipValue: number | null;
}

export interface ClipResult {
  /** global ‖g‖₂ over all parameters as one vector, before any clipping */
  readonly preNorm: number;
  /** the same after clipping */
  readonly postNorm: number;
  /** whether any clipping changed the gradient */
  readonly clipped: boolean;
}

/** PyTorch adds this to the total norm before dividing, so a zero gradient never divides by 0. */
export const CLIP_NORM_EPS = 1e-6;

/** Clip model.grads in place as the settings say; returns the pre- and post-clip global norms. */
export function clipGradients(model: Model, s: ClipSettings): ClipResult {
  const g = model.grads;
  const sq = model.kernels.sumSquares ?? sumSquares;
  const preNorm = Math.sqrt(sq(g));
  let clipped = false;
  // NOTE: a NaN/Inf gradient is left as it is (PyTorch would scale it by NaN): the non-finite check
  // names the first bad tensor, which clipping would otherwise smear over every parameter.
  if (!Number.isFinite(preNorm)) return { preNorm, postNorm: preNorm, clipped };
  if (s.clipValue !== null) clipped = clipValue(g, s.clipValue) || clipped;
  if (s.clipLayerNorm !== null) clipped = clipLayerNorm(model, s.clipLayerNorm) || clipped;
  if (s.clipNorm !== null) clipped = clipGlobalNorm(g, s.clipNorm, sq) || clipped;
  const postNorm = clipped ? Math.sqrt(sq(g)) : preNorm;
  return { preNorm, postNorm, clipped };
}

/** Keras clipvalue: g ← clamp(g, −c, c). Returns whether any element changed. */
export function clipValue(g: Vec, c: number): boolean {
  let changed = false;
  for (let i = 0; i < g.length; i++) {
    const v = g[i]!;
    if (v > c) {
      g[i] = c;
      changed = true;
    } else if (v < -c) {
      g[i] = -c;
      changed = true;
    }
  }
  return changed;
}

/**
 * Keras clipnorm (per tensor): g_k ← g_k · c / max(‖g_k‖, c) for each parameter tensor k.
 * reference: keras.ops.clip_by_norm as used by keras.optimizers.Optimizer(clipnorm=c).
 */
export function clipLayerNorm(model: Model, c: number): boolean {
  let changed = false;
  const sq = model.kernels.sumSquares ?? sumSquares;
  for (const t of model.tensors) {
    const n = Math.sqrt(sq(t.grad));
    if (n <= c) continue;
    const coef = c / n;
    for (let i = 0; i < t.size; i++) t.grad[i] = t.grad[i]! * coef;
    changed = true;
  }
  return changed;
}

/**
 * Global norm: g ← g · min(1, c / (‖g‖ + 1e-6)).
 * reference: torch.nn.utils.clip_grad_norm_(params, max_norm=c, norm_type=2) (clip_coef clamped to 1.0).
 */
export function clipGlobalNorm(g: Vec, c: number, sq: (v: Vec) => number = sumSquares): boolean {
  const total = Math.sqrt(sq(g));
  const coef = c / (total + CLIP_NORM_EPS);
  if (coef >= 1) return false;
  for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
  return true;
}
