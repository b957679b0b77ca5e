// `history`: one entry per logged step (and one line of metrics.jsonl each).

import { LayerInstrumentsSchema } from './instruments.js';
import { count, flag, measured } from './measured.js';
import type { Data } from './readonly.js';
import { z } from './zod.js';

/** A set evaluated in eval mode: mean data loss, and accuracy for classification. */
export const EvaluationSchema = z
  .strictObject({ loss: measured, accuracy: measured.exactOptional() })
  .meta({ id: 'Evaluation', description: 'a data set evaluated in eval mode' });

export const HistoryEntrySchema = z
  .strictObject({
    step: count,
    epoch: count,
    /** mean data loss of the step's batch */
    loss: measured,
    /** the penalty ½λΣ‖W‖² (+ λ₁‖W‖₁) at that step */
    penalty: measured,
    /** the whole training set in eval mode (the batch loss stays `loss`) */
    train: EvaluationSchema.exactOptional(),
    /** the validation set, when there is one */
    val: EvaluationSchema.exactOptional(),
    /** ‖∂L/∂W_l‖_F per Dense layer */
    gradNorm: z.array(measured),
    /** the global ‖g‖₂ before and after clipping, and whether clipping changed it */
    clipPreNorm: measured,
    clipPostNorm: measured,
    clipped: flag,
    /** per Dense layer: this step's instruments (absent when instruments are off) */
    instruments: z.array(LayerInstrumentsSchema).exactOptional(),
  })
  .meta({ id: 'HistoryEntry', description: 'one logged step' });

export type Evaluation = Data<typeof EvaluationSchema>;
export type HistoryEntry = Data<typeof HistoryEntrySchema>;
