// `nonFinite` and `clipping`: what happened to the run as a whole (src/core/diagnostics/non-finite.ts
// and clip-events.ts count them).

import { count, countOrNull, measured, oneOf, text } from './measured.js';
import type { Data } from './readonly.js';
import { z } from './zod.js';

export const NON_FINITE_PHASES = ['forward', 'loss', 'backward', 'update'] as const;

export const NonFiniteEventSchema = z
  .strictObject({
    /** the step (update count) whose computation produced it */
    step: count,
    /** 'layers.3.z', 'layers.3.a', 'logits', 'loss', 'layers.2.weight.grad', 'layers.2.weight', … */
    tensor: text,
    /** the Dense layer (block) index; the output layer for logits and loss */
    layer: count,
    phase: oneOf(NON_FINITE_PHASES),
  })
  .meta({ id: 'NonFiniteEvent', description: 'the first NaN/Inf of the run' });

export const ClipSummarySchema = z
  .strictObject({
    /** steps whose gradient the clipping changed */
    clippedSteps: count,
    /** steps counted */
    steps: count,
    /** clippedSteps / steps: the fraction of steps on which clipping fired (0 when no step ran) */
    fraction: measured,
    firstClippedStep: countOrNull,
    /** the largest global ‖g‖₂ seen before clipping */
    maxPreNorm: measured,
  })
  .meta({ id: 'ClipSummary', description: 'clipping over the run' });

export type NonFinitePhase = (typeof NON_FINITE_PHASES)[number];
export type NonFiniteEvent = Data<typeof NonFiniteEventSchema>;
export type ClipSummary = Data<typeof ClipSummarySchema>;
