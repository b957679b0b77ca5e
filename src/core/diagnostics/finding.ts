// What the verdict engine returns: plain data a front end prints as it is.

import type { Fix } from '../record/fix.js';

export type FindingCode =
  | 'non-finite'
  | 'exploding'
  | 'vanishing'
  | 'dead-relu'
  | 'saturated'
  | 'overfitting'
  | 'underfitting';

/** Report order: the first finding is the one to fix first. */
export const FINDING_CODES: readonly FindingCode[] = [
  'non-finite',
  'exploding',
  'vanishing',
  'dead-relu',
  'saturated',
  'overfitting',
  'underfitting',
];

/**
 * Why the backpropagated signal vanished: `small-derivative` (f' is small everywhere, e.g. sigmoid's
 * f' ≤ 0.25), `saturation` (units pinned where f' ≈ 0), `dead-units` (ReLU with z ≤ 0 everywhere) or
 * `small-weights` (f' is fine, the weight matrices shrink the signal).
 */
export type VanishingCause = 'small-derivative' | 'saturation' | 'dead-units' | 'small-weights';

export type Evidence = Readonly<Record<string, number | string | boolean | null | readonly number[]>>;

export interface Finding {
  readonly code: FindingCode;
  /** Dense layer indices involved (empty when the finding is about the whole run) */
  readonly layers: readonly number[];
  /** vanishing only */
  readonly cause?: VanishingCause;
  /** the measured numbers behind the finding */
  readonly evidence: Evidence;
  /** one sentence in the notes' terms */
  readonly explanation: string;
  /** `fixes` in gradscope flags (fixes.ts renderFixes) */
  readonly suggestion: string;
  /** what to try, in order (the first first); none is already in place in the run's config */
  readonly fixes: readonly Fix[];
}

export interface Diagnosis {
  /** 'healthy', or the finding codes in report order */
  readonly verdict: 'healthy' | readonly FindingCode[];
  readonly findings: readonly Finding[];
}

/** A number for an explanation: 2 significant digits, powers of ten as 1e-13 outside [0.01, 10⁴). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 0.01 && a < 1e4) return String(Number(x.toPrecision(2)));
  return x.toExponential(0).replace('e+', 'e');
}

/** "45%" */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** "layers 0–3, 5" for explanations */
export function layerList(layers: readonly number[]): string {
  if (layers.length === 0) return 'no layer';
  const parts: string[] = [];
  let start = layers[0]!;
  let prev = start;
  for (const l of [...layers.slice(1), Number.NaN]) {
    if (l === prev + 1) {
      prev = l;
      continue;
    }
    parts.push(start === prev ? String(start) : `${start}–${prev}`);
    start = l;
    prev = l;
  }
  return `${layers.length === 1 ? 'layer' : 'layers'} ${parts.join(', ')}`;
}
