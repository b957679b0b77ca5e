// `digest`: what a bounded history leaves out, kept exact. A run that thins its history (the CLI keeps at
// most a few thousand entries in memory and in summary.json; metrics.jsonl has every one) carries the
// quantities the fit rules read over the whole history, so its verdict equals the unthinned run's.

import { count, measured } from './measured.js';
import type { Data } from './readonly.js';
import { z } from './zod.js';

export const HistoryDigestSchema = z
  .strictObject({
    /** history entries logged in all (history holds a thinned subset: the first and the last kept) */
    logged: count,
    /** logged steps with a finite batch loss and a finite validation loss */
    evaluations: count,
    /** the first lowest validation loss: its index among the evaluations, its step, and the batch loss
     * averaged over the evaluations index−2 … index+2 */
    best: z.strictObject({ index: count, step: count, valLoss: measured, trainLoss: measured }).nullable(),
    /** the last evaluation's validation loss and the batch loss averaged over the last three */
    last: z.strictObject({ valLoss: measured, trainLoss: measured }).nullable(),
  })
  .meta({ id: 'HistoryDigest', description: 'the whole history summarized, when history is thinned' });

export type HistoryDigest = Data<typeof HistoryDigestSchema>;
