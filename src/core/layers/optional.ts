// Factories for the optional layers of a hidden block: normalization and dropout.

import type { Rng } from '../rng.js';
import { createBatchNorm } from './batchnorm.js';
import { createDropoutLayer } from './dropout.js';
import type { Layer, LayerContext } from './layer.js';
import { createLayerNorm } from './layernorm.js';

export type NormKind = 'none' | 'layer' | 'batch';
export const NORM_KINDS: readonly NormKind[] = ['none', 'layer', 'batch'];

/** The norm placed after a hidden Dense layer and before its activation; null for 'none'. */
export function createNorm(ctx: LayerContext, kind: NormKind, dim: number): Layer | null {
  switch (kind) {
    case 'none':
      return null;
    case 'layer':
      return createLayerNorm(ctx, dim);
    case 'batch':
      return createBatchNorm(ctx, dim);
  }
}

/** Inverted dropout after a hidden activation; null when p = 0 (config validates p ∈ [0, 1)). */
export function createDropout(ctx: LayerContext, p: number, dim: number, rng: Rng): Layer | null {
  if (p === 0) return null;
  return createDropoutLayer(ctx, p, dim, rng);
}
