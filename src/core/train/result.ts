// The run document a session builds: what `gradscope train --json` prints and `--out DIR` saves.
// Its format is docs/run-format.md; `version` changes when a reader would misread a field.

import type { TrainConfig } from '../config.js';
import type { ClipSummary } from '../diagnostics/clip-events.js';
import type { Diagnosis } from '../diagnostics/finding.js';
import type { LayerInstruments } from '../diagnostics/instruments.js';
import type { NonFiniteEvent } from '../diagnostics/non-finite.js';
import type { ProbeRecord } from '../diagnostics/probe.js';
import type { RunPlan } from '../plan.js';
import type { LayerReport } from './layer-stats.js';
import type { Evaluation } from './trainer.js';

export const RUN_FORMAT_VERSION = 1;

export interface HistoryEntry {
  readonly step: number;
  readonly epoch: number;
  /** mean data loss of the step's batch (train mode): the loss every curve of a run plots */
  readonly loss: number;
  /** the penalty ½λΣ‖W‖² (+ λ₁‖W‖₁) at that step */
  readonly penalty: number;
  /** the whole training set in eval mode, when the session evaluates it (the lab, the experiments) */
  readonly train?: Evaluation;
  readonly val?: Evaluation;
  /** ‖∂L/∂W_l‖_F per Dense layer */
  readonly gradNorm: readonly number[];
  readonly clipPreNorm: number;
  readonly clipPostNorm: number;
  readonly clipped: boolean;
  /** per Dense layer: this step's instruments (absent when instruments are off) */
  readonly instruments?: readonly LayerInstruments[];
}

export interface FinalEvaluation extends Evaluation {
  /** ½λΣ‖W‖² (+ λ₁‖W‖₁) at the final weights */
  readonly penalty: number;
  /** loss + penalty: the regularized objective */
  readonly objective: number;
}

export interface TrainResult {
  readonly version: typeof RUN_FORMAT_VERSION;
  readonly config: TrainConfig;
  readonly plan: RunPlan;
  /** updates applied */
  readonly steps: number;
  readonly final: { readonly train: FinalEvaluation; readonly val?: Evaluation };
  /** per Dense layer at the last logged step: LayerStats, its instruments and the last probe's norms */
  readonly layers: readonly LayerReport[];
  readonly history: readonly HistoryEntry[];
  /** Jacobian probes: at init (step 0), every probeEvery steps, at the end; [] when probes are off */
  readonly probes: readonly ProbeRecord[];
  /** the first NaN/Inf (the run stopped there unless told not to); null when none or not watched */
  readonly nonFinite: NonFiniteEvent | null;
  readonly clipping: ClipSummary;
  /** the loss of the best constant prediction on the training set (label frequencies or target means) */
  readonly baseline: { readonly constantLoss: number };
  readonly diagnosis: Diagnosis;
}
