// A run stopped while it was still learning: its training loss is high (a sizeable share of the
// constant-predictor loss) and still falling at the end, and validation has not turned. That is
// underfitting by budget, whose fix is more steps, not less regularization or more capacity.

import { digestHistory } from './fit-digest.js';
import { finite } from './readings.js';
import type { RunDocument } from './run-document.js';
import { UNFINISHED_DROP, UNFINISHED_LOSS_RATIO } from './thresholds.js';

export interface Unfinished {
  /** logged batch loss at about 3/4 of the run, and at its end */
  readonly lossBefore: number;
  readonly lossLast: number;
  readonly stepBefore: number;
}

/** The evidence that the run ended while learning, or null. */
export function unfinishedRun(doc: RunDocument, constant: number | undefined): Unfinished | null {
  const train = doc.final.train.loss;
  if (!finite(constant) || !finite(train) || train < UNFINISHED_LOSS_RATIO * constant) return null;
  const { evaluations, best } = doc.digest ?? digestHistory(doc.history);
  // validation still improving: its lowest value is the last evaluation (or there is no validation)
  if (evaluations > 0 && best?.index !== evaluations - 1) return null;
  const logged = doc.history.filter((h) => finite(h.loss));
  const last = logged.at(-1);
  const before = logged.filter((h) => h.step <= 0.75 * doc.steps).at(-1);
  if (!last || !before || before === last) return null;
  if (!(last.loss <= (1 - UNFINISHED_DROP) * before.loss)) return null;
  return { lossBefore: before.loss, lossLast: last.loss, stepBefore: before.step };
}
