// `probes`: the scheduled Jacobian probes (src/core/diagnostics/probe.ts makes them), with the
// decision-boundary sharpness measured at the same weights.

import { count, flag, measured, number, oneOf } from './measured.js';
import type { Data } from './readonly.js';
import { z } from './zod.js';

export const ProbeLayerSchema = z
  .strictObject({
    index: count,
    /** mean over the probe batch of ‖D_l‖₂, D_l = ∂h_l/∂h_{l−1} for one example */
    jacobianMean: measured,
    jacobianMax: measured,
    /** ‖W_l‖₂, the largest singular value of the weight matrix */
    weightSpectralNorm: measured,
    /** ‖W_l‖_F */
    weightNorm: measured,
  })
  .meta({ id: 'ProbeLayer', description: "one block's Jacobian at a probe" });

/** ‖∂f/∂x‖₂ over points covering the data (f: a probability for bce/ce, the value for mse). */
export const SharpnessSchema = z
  .strictObject({
    mean: measured,
    max: measured,
    points: count,
    over: oneOf(['grid', 'line', 'data']),
    output: oneOf(['probability', 'value']),
  })
  .meta({ id: 'Sharpness', description: 'decision-boundary sharpness ‖∂f/∂x‖₂' });

export const ProbeRecordSchema = z
  .strictObject({
    /** updates applied when probed (0 = at initialization) */
    step: count,
    /** examples in the probe batch */
    batch: count,
    /** the most Lanczos steps per Jacobian norm (it stops sooner at JACOBIAN_TOLERANCE) */
    iterations: count,
    layers: z.array(ProbeLayerSchema),
    /** mean and max over the batch of the end-to-end ‖∂logits/∂x‖₂ */
    endToEndMean: measured,
    endToEndMax: measured,
    /** mean and max over the batch of Π_l ‖D_l‖₂, each example's own product */
    boundMean: measured,
    boundMax: measured,
    /** ‖J(x)‖ ≤ Π_l ‖D_l(x)‖ · (1 + boundTolerance) on every example */
    boundHolds: flag,
    /** examples where it did not */
    boundViolations: count,
    boundTolerance: number,
    sharpness: SharpnessSchema,
    /** wall time of this probe in milliseconds (present when a clock was given) */
    ms: number.exactOptional(),
  })
  .meta({ id: 'ProbeRecord', description: 'one Jacobian probe' });

export type ProbeLayer = Data<typeof ProbeLayerSchema>;
export type Sharpness = Data<typeof SharpnessSchema>;
export type ProbeRecord = Data<typeof ProbeRecordSchema>;
