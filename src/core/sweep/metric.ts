// What a sweep optimizes: one number of a trial's run document, named by its path, and which way is
// better. A missing or non-finite value (no validation split, a diverged run) is never the best.

import type { RunDocument } from '../record/index.js';

/** The numbers a metric may name: the final evaluation of the trained weights. */
export const METRIC_NAMES = [
  'final.val.loss',
  'final.val.accuracy',
  'final.train.loss',
  'final.train.accuracy',
  'final.train.objective',
  'final.train.penalty',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export const GOALS = ['minimize', 'maximize'] as const;
export type Goal = (typeof GOALS)[number];

export interface Metric {
  readonly name: MetricName;
  readonly goal: Goal;
}

/** The metric's value in `doc`, or null when the document has none (no val split) or it is not finite. */
export function metricOf(doc: Pick<RunDocument, 'final'>, name: MetricName): number | null {
  const [, set, key] = name.split('.') as ['final', 'train' | 'val', string];
  const evaluation = doc.final[set] as Readonly<Record<string, number | undefined>> | undefined;
  const v = evaluation?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Negative when `a` is better than `b`; null (no value) sorts after every number. */
export function compareMetric(goal: Goal, a: number | null, b: number | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return goal === 'minimize' ? a - b : b - a;
}
