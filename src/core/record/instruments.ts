// `instruments`: one step's measurements per Dense layer (src/core/diagnostics/instruments.ts makes them).

import { count, measured, measuredOrNull } from './measured.js';
import type { Data } from './readonly.js';
import { z } from './zod.js';

export const LayerInstrumentsSchema = z
  .strictObject({
    index: count,
    /** ‖W_l‖_F after the step */
    weightNorm: measured,
    /** ‖∂L/∂W_l‖_F as applied (penalty included, after clipping) */
    gradNorm: measured,
    biasGradNorm: measured,
    /** ‖W_after − W_before‖_F / ‖W_before‖_F: what the optimizer actually did; null without a snapshot */
    updateRatio: measuredOrNull,
    /** RMS over the batch of ‖∂ℓ_t/∂z_l‖₂ (see layer-stats) */
    signalGradNorm: measured,
    /** signalGradNorm_l / signalGradNorm_{l+1}: the measured factor D_l; null for the output layer */
    signalRatio: measuredOrNull,
    /** statistics of the activation's input z (Dense output, or the norm's output with --norm); hidden only */
    zMean: measuredOrNull,
    zStd: measuredOrNull,
    /** statistics of a = f(z); hidden layers only */
    aMean: measuredOrNull,
    aStd: measuredOrNull,
    /** E[f'(z)] over the batch: the diag(f'(z_l)) factor of D_l */
    meanDerivative: measuredOrNull,
    /** relu / leaky-relu: fraction of units with z ≤ 0 on every example of the batch */
    deadFraction: measuredOrNull,
    /** sigmoid / tanh: fraction of unit-activations with f'(z) < 5% of max f' */
    saturatedFraction: measuredOrNull,
    /**
     * RMS over the batch of ‖h_l‖₂ at the block's output (the residual sum, not the branch): the forward
     * twin of signalGradNorm. NOTE: a default, so a document written before it existed still reads (as null)
     */
    activationRms: measuredOrNull.default(null),
  })
  .meta({ id: 'LayerInstruments', description: "one step's measurements of one Dense layer" });

export type LayerInstruments = Data<typeof LayerInstrumentsSchema>;
