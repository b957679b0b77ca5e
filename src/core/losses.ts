// Losses on logits, each a forward (mean over the batch) with its gradient written side by side.
// B = batch, O = outputs. `dLogits` is ∂(mean batch loss)/∂logits, so per-example gradients are
// B · dLogits[t]. Targets follow the Dataset convention: (B, 1) integer labels for bce/ce,
// (B, O) values for mse.

import { UsageError } from './errors.js';
import type { Vec } from './tensor.js';

export type LossName = 'mse' | 'bce' | 'ce';
export const LOSS_NAMES: readonly LossName[] = ['mse', 'bce', 'ce'];

export interface Loss {
  readonly name: LossName;
  /**
   * Mean loss over the first B rows; writes ∂mean/∂logits into dLogits when given. Sums in float64.
   * logits (B, O); targets (B, T).
   */
  forwardBackward(logits: Vec, targets: ArrayLike<number>, B: number, O: number, dLogits: Vec | null): number;
  /** Number of correct predictions in the first B rows (classification losses only). */
  correct(logits: Vec, targets: ArrayLike<number>, B: number, O: number): number;
}

// reference: torch.nn.MSELoss(reduction='mean') — the mean over all B·O elements.
const mse: Loss = {
  name: 'mse',
  forwardBackward(logits, targets, B, O, dLogits) {
    const n = B * O;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = logits[i]! - targets[i]!;
      s += r * r;
      if (dLogits) dLogits[i] = (2 * r) / n;
    }
    return s / n;
  },
  correct: () => 0,
};

// reference: torch.nn.BCEWithLogitsLoss — ℓ = max(z,0) − z·y + log(1 + e^{−|z|}), mean over B·O.
// NOTE: this form never evaluates exp of a positive number, so it cannot overflow.
const bce: Loss = {
  name: 'bce',
  forwardBackward(logits, targets, B, O, dLogits) {
    const n = B * O;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = logits[i]!;
      const y = targets[i]!;
      s += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      if (dLogits) {
        const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        dLogits[i] = (p - y) / n;
      }
    }
    return s / n;
  },
  correct(logits, targets, B, O) {
    let c = 0;
    for (let i = 0; i < B * O; i++) if (logits[i]! > 0 === targets[i]! > 0.5) c++;
    return c / O;
  },
};

// reference: torch.nn.CrossEntropyLoss with integer class targets — log-sum-exp with the max subtracted.
const ce: Loss = {
  name: 'ce',
  forwardBackward(logits, targets, B, O, dLogits) {
    let s = 0;
    for (let t = 0; t < B; t++) {
      const row = t * O;
      const label = targets[t]!;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < O; j++) max = Math.max(max, logits[row + j]!);
      let sumExp = 0;
      for (let j = 0; j < O; j++) sumExp += Math.exp(logits[row + j]! - max);
      const logZ = max + Math.log(sumExp);
      s += logZ - logits[row + label]!;
      if (dLogits) {
        for (let j = 0; j < O; j++) {
          const p = Math.exp(logits[row + j]! - logZ);
          dLogits[row + j] = (p - (j === label ? 1 : 0)) / B;
        }
      }
    }
    return s / B;
  },
  correct(logits, targets, B, O) {
    let c = 0;
    for (let t = 0; t < B; t++) {
      let best = 0;
      for (let j = 1; j < O; j++) if (logits[t * O + j]! > logits[t * O + best]!) best = j;
      if (best === targets[t]) c++;
    }
    return c;
  },
};

const LOSSES: Record<LossName, Loss> = { mse, bce, ce };

export function getLoss(name: string): Loss {
  if (!(LOSS_NAMES as readonly string[]).includes(name)) {
    throw new UsageError('getLoss: name', `one of ${LOSS_NAMES.join(', ')}`, name);
  }
  return LOSSES[name as LossName];
}
