// The fit rules' quantities over a whole history, folded one logged step at a time: the first lowest
// validation loss (its index, step and the batch loss averaged over evaluations index−2 … index+2) and
// the last evaluation (its validation loss and the batch loss averaged over the last three). A session
// that thins its history folds every entry as it logs it, so the overfitting rule reads the same numbers
// from a million-step run in bounded memory as from its whole history; both paths use this one fold,
// summing in the same order, so the numbers are bit-identical.

import type { HistoryDigest } from '../record/digest.js';
import type { HistoryEntry } from '../record/history.js';
import { finite } from './readings.js';

/** The fold's state: plain data (a checkpoint keeps it as JSON). */
export interface FitFold {
  logged: number;
  evaluations: number;
  /** batch losses of the last ≤ 3 evaluations, oldest first */
  recent: number[];
  lastVal: number | null;
  /** the first lowest validation loss so far, and the batch losses around it (≤ 2 before, ≤ 2 after) */
  best: { index: number; step: number; val: number; around: number[]; after: number } | null;
}

export const SMOOTHING_HALF_WIDTH = 2;

export function createFitFold(): FitFold {
  return { logged: 0, evaluations: 0, recent: [], lastVal: null, best: null };
}

/** Fold one logged step in. */
export function foldEntry(f: FitFold, h: Pick<HistoryEntry, 'step' | 'loss' | 'val'>): void {
  f.logged++;
  const val = h.val?.loss;
  if (!finite(h.loss) || !finite(val)) return;
  const index = f.evaluations++;
  if (f.best === null || val < f.best.val) {
    f.best = {
      index,
      step: h.step,
      val,
      around: [...f.recent.slice(-SMOOTHING_HALF_WIDTH), h.loss],
      after: 0,
    };
  } else if (f.best.after < SMOOTHING_HALF_WIDTH) {
    f.best.around.push(h.loss);
    f.best.after++;
  }
  f.recent.push(h.loss);
  if (f.recent.length > SMOOTHING_HALF_WIDTH + 1) f.recent.shift();
  f.lastVal = val;
}

/** Mean in order, as a plain loop sums it. */
function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function digestOf(f: FitFold): HistoryDigest {
  const { best } = f;
  return {
    logged: f.logged,
    evaluations: f.evaluations,
    best: best && { index: best.index, step: best.step, valLoss: best.val, trainLoss: mean(best.around) },
    last: f.lastVal === null ? null : { valLoss: f.lastVal, trainLoss: mean(f.recent) },
  };
}

/** The digest of a whole history (a document that was never thinned). */
export function digestHistory(
  history: readonly Pick<HistoryEntry, 'step' | 'loss' | 'val'>[],
): HistoryDigest {
  const f = createFitFold();
  for (const h of history) foldEntry(f, h);
  return digestOf(f);
}
