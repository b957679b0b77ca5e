// Per-Dense-layer measurements after a backward pass: the numbers `train --json` reports in `layers`.

import type { LayerInstruments } from '../diagnostics/instruments.js';
import type { ProbeLayer } from '../diagnostics/probe.js';
import type { Model } from '../model.js';
import type { LayerReport as RecordLayerReport } from '../record/layer.js';
import { norm2, sumSquares } from '../tensor.js';

export interface LayerStats {
  readonly index: number;
  readonly fanIn: number;
  readonly fanOut: number;
  /** activation after this Dense layer ('linear' for the output layer) */
  readonly activation: string;
  /** ‖W_l‖_F */
  readonly weightNorm: number;
  /** ‖∂L/∂W_l‖_F of the mean batch loss, penalty included */
  readonly gradNorm: number;
  /** ‖∂L/∂b_l‖₂ */
  readonly biasGradNorm: number;
  /**
   * RMS over the batch of ‖∂ℓ_t/∂z_l‖₂, z_l = W_l a_{l−1} + b_l: the per-example backpropagated signal
   * that the notes' product of D_l describes.
   */
  readonly signalGradNorm: number;
}

/**
 * The per-example signal from the batch gradient: ∂L/∂z = (1/B)·∂ℓ_t/∂z row by row, so
 * sqrt(mean_t ‖∂ℓ_t/∂z‖²) = sqrt(B)·‖∂L/∂z‖_F.
 * NOTE: with BatchNorm in train mode examples interact and ∂ℓ_t/∂z_l is not separable; the same
 * formula then measures the batch gradient's per-example share.
 */
export function signalGradNorm(dz: ArrayLike<number> | null, B: number, O: number): number {
  if (!dz || B === 0) return 0;
  return Math.sqrt(B) * Math.sqrt(sumSquares(dz, 0, B * O));
}

export function measureLayers(model: Model, batch: number): LayerStats[] {
  return model.blocks.map((block) => {
    const d = block.dense;
    return {
      index: block.index,
      fanIn: d.inDim,
      fanOut: d.outDim,
      activation: block.activation?.fn.spec ?? 'linear',
      weightNorm: norm2(d.weight),
      gradNorm: norm2(d.dWeight),
      biasGradNorm: norm2(d.dBias),
      signalGradNorm: signalGradNorm(d.lastDz, batch, d.outDim),
    };
  });
}

/** The same LayerStats from a step's instruments, which already formed these sums in the same order. */
export function layerStatsFrom(model: Model, inst: readonly LayerInstruments[]): LayerStats[] {
  return model.blocks.map((block, l) => {
    const i = inst[l]!;
    return {
      index: block.index,
      fanIn: block.dense.inDim,
      fanOut: block.dense.outDim,
      activation: block.activation?.fn.spec ?? 'linear',
      weightNorm: i.weightNorm,
      gradNorm: i.gradNorm,
      biasGradNorm: i.biasGradNorm,
      signalGradNorm: i.signalGradNorm,
    };
  });
}

/**
 * A `layers` entry of the run document: the LayerStats of the last step, that step's instruments and
 * the last probe's Jacobian numbers, flat, so a table reads one object per layer.
 */
export type LayerReport = RecordLayerReport;

export function layerReport(stats: LayerStats, inst?: LayerInstruments, probe?: ProbeLayer): LayerReport {
  if (!inst && !probe) return stats;
  const {
    index: _i,
    weightNorm: _w,
    gradNorm: _g,
    biasGradNorm: _b,
    signalGradNorm: _s,
    ...extra
  } = inst ?? {};
  const jac = probe
    ? {
        jacobianMean: probe.jacobianMean,
        jacobianMax: probe.jacobianMax,
        weightSpectralNorm: probe.weightSpectralNorm,
      }
    : {};
  return { ...stats, ...extra, ...jac };
}
