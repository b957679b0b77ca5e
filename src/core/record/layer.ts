// A `layers` entry: per Dense layer at the last step, its LayerStats, that step's instruments and the
// last probe's Jacobian numbers, flat, so a table reads one object per layer.

import { LayerInstrumentsSchema } from './instruments.js';
import { count, measured, measuredOrNull, text } from './measured.js';
import type { Data } from './readonly.js';
import { z } from './zod.js';

const inst = LayerInstrumentsSchema.shape;

export const LayerReportSchema = z
  .strictObject({
    index: count,
    fanIn: count,
    fanOut: count,
    /** activation after this Dense layer ('linear' for the output layer) */
    activation: text,
    /** ‖W_l‖_F */
    weightNorm: measured,
    /** ‖∂L/∂W_l‖_F of the mean batch loss, penalty included */
    gradNorm: measured,
    /** ‖∂L/∂b_l‖₂ */
    biasGradNorm: measured,
    /** RMS over the batch of ‖∂ℓ_t/∂z_l‖₂, z_l = W_l a_{l−1} + b_l */
    signalGradNorm: measured,
    // the rest of the last step's instruments, present when instruments were on
    updateRatio: inst.updateRatio.exactOptional(),
    signalRatio: inst.signalRatio.exactOptional(),
    zMean: inst.zMean.exactOptional(),
    zStd: inst.zStd.exactOptional(),
    aMean: inst.aMean.exactOptional(),
    aStd: inst.aStd.exactOptional(),
    meanDerivative: inst.meanDerivative.exactOptional(),
    deadFraction: inst.deadFraction.exactOptional(),
    saturatedFraction: inst.saturatedFraction.exactOptional(),
    /** RMS over the batch of ‖h_l‖₂ at the block's output (absent in documents older than it) */
    activationRms: measuredOrNull.exactOptional(),
    // from the last probe, present when probes were on: ‖D_l‖₂ mean and max over the batch, ‖W_l‖₂
    jacobianMean: measured.exactOptional(),
    jacobianMax: measured.exactOptional(),
    weightSpectralNorm: measured.exactOptional(),
  })
  .meta({ id: 'LayerReport', description: 'one Dense layer at the end of the run' });

/**
 * A layer of a partial document (rebuilt from metrics.jsonl): the last logged step tells its
 * instruments, the config its activation and width, but not layer 0's fan-in, and no probe ran.
 */
export const PartialLayerReportSchema = LayerReportSchema.extend({
  fanIn: count.exactOptional(),
  weightNorm: measured.exactOptional(),
  gradNorm: measured.exactOptional(),
  biasGradNorm: measured.exactOptional(),
  signalGradNorm: measured.exactOptional(),
}).meta({ id: 'PartialLayerReport', description: 'a layer as far as config.json and metrics.jsonl tell it' });

export type LayerReport = Data<typeof LayerReportSchema>;
export type PartialLayerReport = Data<typeof PartialLayerReportSchema>;
