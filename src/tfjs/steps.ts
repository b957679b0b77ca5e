// What watcher.history() returns: one entry per measured step, per Dense layer in gradscope's words.

import type { LayerProbe } from './probe.js';

/** One Dense layer at one measured step: the update's numbers, then the probe batch's (LayerProbe). */
export interface WatchLayer extends LayerProbe {
  /** the tfjs layer name */
  readonly name: string;
  /** gradscope's layer index (Dense layers from the input) */
  readonly index: number;
  /** ‖∂L/∂K‖_F as applied (after clipping), and ‖∂L/∂b‖₂ */
  readonly gradNorm: number;
  readonly biasGradNorm: number;
  /** ‖K‖_F after the step */
  readonly weightNorm: number;
  /** ‖K_after − K_before‖_F / ‖K_before‖_F */
  readonly updateRatio: number | null;
  /** signalGradNorm_l / signalGradNorm_{l+1}; null for the output layer */
  readonly signalRatio: number | null;
}

/** End-to-end numbers of a probe (pure Dense chains only). */
export interface WatchJacobian {
  readonly batch: number;
  readonly endToEndMean: number;
  readonly endToEndMax: number;
  readonly boundMean: number;
  readonly boundMax: number;
  readonly boundViolations: number;
  readonly sharpnessMean: number;
  readonly sharpnessMax: number;
}

export interface WatchStep {
  /** updates applied, this one included */
  readonly step: number;
  readonly epoch: number;
  /** the loss minimize computed for this step's batch (regularizers included) */
  readonly loss: number;
  /** ‖g‖₂ over every variable, as applied */
  readonly gradNormTotal: number;
  readonly clipPreNorm: number;
  readonly clipPostNorm: number;
  readonly clipped: boolean;
  /** mean loss (and accuracy) of the probe batch in eval mode, before the update */
  readonly probeLoss: number;
  readonly probeAccuracy?: number;
  readonly layers: readonly WatchLayer[];
  readonly jacobian: WatchJacobian | null;
}
