// Histograms of log₁₀|v| on fixed decade bins: [1e-16, 1e-15), …, [1e3, 1e4), with a bin below 1e-16, one
// at or above 1e4, an exact-zero count and a non-finite count. The bins never move with the data (no
// min–max scaling), so a histogram that sits four decades further left means values 10⁴ times smaller,
// in every run and every layer alike. Per layer: the activations h_l and the per-example ∂ℓ/∂z_l of the
// last training step, read from the buffers that step left behind.
// L = Dense layers, B = rows of the last step, O = a layer's width.

import type { Model } from '../model.js';

/** the decades binned: bin k covers [10^(LO+k), 10^(LO+k+1)) */
export const HISTOGRAM_LO = -16;
export const HISTOGRAM_HI = 4;
export const HISTOGRAM_DECADES = HISTOGRAM_HI - HISTOGRAM_LO;

// NOTE: the edges are the doubles nearest 10^k (parsed, as a literal is): Math.pow(10, -5) and
// 10 ** Math.log10(x) can miss them by an ulp, which would put 1e-5 itself in the decade below
const EDGES: readonly number[] = Array.from({ length: HISTOGRAM_DECADES + 1 }, (_, k) =>
  Number(`1e${HISTOGRAM_LO + k}`),
);

export interface DecadeHistogram {
  /** (DECADES) counts of |v| in [10^(LO+k), 10^(LO+k+1)) */
  readonly decades: number[];
  /** 0 < |v| < 10^LO */
  readonly below: number;
  /** |v| ≥ 10^HI */
  readonly above: number;
  /** v = 0 exactly (a dead ReLU's output, a zero-initialized network's ∂ℓ/∂z) */
  readonly zero: number;
  /** NaN or ±Inf */
  readonly nonFinite: number;
  /** every value counted: the sum of all the above */
  readonly total: number;
}

/** The decade bin of |v| > 0 and finite: −1 below 10^LO, DECADES at or above 10^HI. */
export function decadeOf(a: number): number {
  if (a < EDGES[0]!) return -1;
  if (a >= EDGES[HISTOGRAM_DECADES]!) return HISTOGRAM_DECADES;
  let k = Math.floor(Math.log10(a)) - HISTOGRAM_LO;
  // log10 may round across an edge: settle on the edges themselves
  if (k >= HISTOGRAM_DECADES || a < EDGES[k]!) k--;
  else if (a >= EDGES[k + 1]!) k++;
  return k;
}

/** Count `n` values of `v` from `offset`, each times `scale` (the per-example factor B for ∂L/∂z). */
export function decadeHistogram(v: ArrayLike<number>, n = v.length, scale = 1, offset = 0): DecadeHistogram {
  const decades = new Array<number>(HISTOGRAM_DECADES).fill(0);
  let below = 0;
  let above = 0;
  let zero = 0;
  let nonFinite = 0;
  for (let i = offset; i < offset + n; i++) {
    const a = Math.abs(v[i]! * scale);
    if (!Number.isFinite(a)) nonFinite++;
    else if (a === 0) zero++;
    else {
      const k = decadeOf(a);
      if (k < 0) below++;
      else if (k >= HISTOGRAM_DECADES) above++;
      else decades[k]!++;
    }
  }
  return { decades, below, above, zero, nonFinite, total: n };
}

/** The decade (10^k) where most of the nonzero finite values fall; null when there are none. */
export function modeDecade(h: DecadeHistogram): number | null {
  let best = -1;
  for (let k = 0; k < HISTOGRAM_DECADES; k++) if (h.decades[k]! > (h.decades[best] ?? 0)) best = k;
  if (best < 0) return null;
  return HISTOGRAM_LO + best;
}

export interface LayerHistograms {
  /** (L) |h_l|, the output of each block (the logits for the last) */
  readonly activation: DecadeHistogram[];
  /** (L) per-example |∂ℓ/∂z_l| = B·|∂L/∂z_l| of the mean loss over the batch */
  readonly signal: DecadeHistogram[];
}

/**
 * The histograms of the last training step of `batch` rows. Call it right after the step, before an
 * evaluation or a probe runs the model again and overwrites h_l (the session's onStep is that moment).
 */
export function layerHistograms(model: Model, batch: number): LayerHistograms {
  const activation: DecadeHistogram[] = [];
  const signal: DecadeHistogram[] = [];
  for (const b of model.blocks) {
    const h = b.lastOutput;
    activation.push(h ? decadeHistogram(h, b.lastRows * b.outDim) : decadeHistogram([], 0));
    const dz = b.dense.lastDz;
    const n = batch * b.dense.outDim;
    signal.push(dz && batch > 0 ? decadeHistogram(dz, n, batch) : decadeHistogram([], 0));
  }
  return { activation, signal };
}
