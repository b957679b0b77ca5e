// Factories for the optional layers of a hidden block: normalization and dropout.

import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Layer, LayerContext } from './layer.js';

export type NormKind = 'none' | 'layer' | 'batch';
export const NORM_KINDS: readonly NormKind[] = ['none', 'layer', 'batch'];

export function createNorm(_ctx: LayerContext, kind: NormKind, _dim: number): Layer | null {
  if (kind === 'none') return null;
  throw new UsageError('--norm', 'none (layer and batch are not built yet)', kind);
}

export function createDropout(_ctx: LayerContext, p: number, _dim: number, _rng: Rng): Layer | null {
  if (p === 0) return null;
  throw new UsageError('--dropout', '0 (dropout is not built yet)', p);
}
