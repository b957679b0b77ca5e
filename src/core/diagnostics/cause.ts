// Findings by primary cause: the finding to fix first leads, and the findings that follow from it offer
// its fix. A run whose gradient explodes also ends NaN, with dead units and a loss worse than a constant;
// fixing the explosion fixes all of them, while their own fixes (a smaller lr, leaky-relu, more steps)
// leave the cause in place.

import { FINDING_CODES, type Finding, type FindingCode } from './finding.js';
import { OVERSHOOT_LOSS_RATIO, WEIGHT_COLLAPSE_RATIO } from './thresholds.js';

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** an underfitting whose penalty collapsed the weights: the cause of the vanishing and dead units it shows */
function collapsed(f: Finding): boolean {
  const lambda = num(f.evidence.lambda);
  const shrink = num(f.evidence.weightShrink);
  return (
    f.code === 'underfitting' &&
    lambda !== null &&
    lambda > 0 &&
    shrink !== null &&
    shrink < WEIGHT_COLLAPSE_RATIO
  );
}

/** the fit made worse than a constant by the updates themselves: a cause of its own (lower the lr) */
const overshoot = (f: Finding): boolean => (num(f.evidence.lossRatio) ?? 0) > OVERSHOOT_LOSS_RATIO;

/** Where a finding ranks: the code order, with an exploding signal before the NaN it leads to, and a λ collapse first. */
function rank(f: Finding): number {
  if (collapsed(f)) return -2;
  if (f.code === 'exploding') return -1;
  return FINDING_CODES.indexOf(f.code);
}

/** What follows from each leading cause. */
const FOLLOWS: Partial<Record<FindingCode | 'collapse', (f: Finding) => boolean>> = {
  collapse: (f) => f.code === 'vanishing' || f.code === 'dead-relu',
  exploding: (f) => f.code === 'non-finite' || f.code === 'dead-relu' || f.code === 'underfitting',
  vanishing: (f) => f.code === 'saturated' || (f.code === 'underfitting' && !overshoot(f)),
  // validation at chance: a rising validation loss is the memorisation, and more steps or capacity
  // would only memorise more
  'no-generalization': (f) => f.code === 'overfitting' || (f.code === 'underfitting' && !overshoot(f)),
};

/** The findings ordered by primary cause; those that follow from the leader carry its fixes. */
export function byCause(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => rank(a) - rank(b));
  const lead = sorted[0];
  if (!lead || lead.fixes.length === 0) return sorted;
  const follows = FOLLOWS[collapsed(lead) ? 'collapse' : lead.code];
  if (!follows) return sorted;
  return sorted.map((f) =>
    f === lead || !follows(f)
      ? f
      : {
          ...f,
          // NOTE: "the finding above", not its code: a follower's text names only its own finding
          explanation: `${f.explanation} It follows from the first finding above: its fix comes first.`,
          suggestion: lead.suggestion,
          fixes: lead.fixes,
        },
  );
}
