// Gradient clipping, applied after backward (and the penalty gradient) and before the update.

import type { Model } from '../model.js';
import { sumSquares } from '../tensor.js';

export interface ClipSettings {
  readonly clipNorm: number | null;
  readonly clipLayerNorm: number | null;
  readonly clipValue: number | null;
}

export interface ClipResult {
  /** global ‖g‖₂ over all parameters as one vector, before clipping */
  readonly preNorm: number;
  /** the same after clipping */
  readonly postNorm: number;
  /** whether any clipping changed the gradient */
  readonly clipped: boolean;
}

/** Clip model.grads in place as the settings say; returns the pre- and post-clip global norms. */
export function clipGradients(model: Model, s: ClipSettings): ClipResult {
  const g = model.grads;
  const preNorm = Math.sqrt(sumSquares(g));
  if (s.clipNorm === null && s.clipLayerNorm === null && s.clipValue === null) {
    return { preNorm, postNorm: preNorm, clipped: false };
  }
  throw new Error('clipping is not built yet');
}
