// Fit findings from the loss curves: overfitting (validation loss rising while training loss falls, the
// notes' sharp edges fitting noise) and underfitting (no better than a constant, or λ collapsed W).

import type { Fix } from '../record/fix.js';
import { type Finding, fmt, pct } from './finding.js';
import { digestHistory } from './fit-digest.js';
import { currentValue } from './fixes.js';
import { offer, scalePenalties } from './offer.js';
import { finite } from './readings.js';
import type { RunDocument } from './run-document.js';
import {
  MIN_FIT_STEPS,
  OVERFIT_MIN_ABS_RISE,
  OVERFIT_MIN_RISE,
  OVERFIT_WINDOW,
  OVERSHOOT_LOSS_RATIO,
  UNDERFIT_LOSS_RATIO,
  WEIGHT_COLLAPSE_RATIO,
} from './thresholds.js';
import { unfinishedRun } from './unfinished.js';

const DROPOUT: Fix = { set: { dropout: 0.2 }, reason: 'a random 20% of units off each step' };

export function overfittingFinding(doc: RunDocument): Finding | null {
  if (doc.steps < MIN_FIT_STEPS) return null;
  // the evaluations (finite batch and validation loss); a batch loss is smoothed over the evaluations
  // i−2 … i+2, since one logged batch loss alone is too noisy to call a trend (see fit-digest.ts)
  const { evaluations, best, last } = doc.digest ?? digestHistory(doc.history);
  if (evaluations <= OVERFIT_WINDOW || !best || !last) return null;
  const m = best.index;
  const since = evaluations - 1 - m;
  const valMin = best.valLoss as number;
  const valLast = last.valLoss as number;
  const trainAtMin = best.trainLoss as number;
  const trainLast = last.trainLoss as number;
  const rose = valLast > valMin * (1 + OVERFIT_MIN_RISE) && valLast - valMin >= OVERFIT_MIN_ABS_RISE;
  if (since < OVERFIT_WINDOW || !rose || !(trainLast < trainAtMin)) {
    return null;
  }
  // a network no better than a constant on its own training set is underfitting, not fitting noise
  // (clipping's exploding network: both losses are 1e5, and both drift)
  const constant = doc.baseline?.constantLoss;
  if (finite(constant) && constant > 0 && !(doc.final.train.loss < UNDERFIT_LOSS_RATIO * constant))
    return null;
  const finalVal = doc.final.val?.loss;
  const finalTrain = doc.final.train.loss;
  const gap = finite(finalVal) && finite(finalTrain) ? finalVal - finalTrain : valLast - trainLast;
  const bestStep = best.step;
  const l2 = doc.config.l2;
  const sharp = sharpness(doc);
  const edges =
    sharp && sharp.init > 0 && sharp.last > 0
      ? ` (max ‖∂f/∂x‖ over the grid went from ${fmt(sharp.init)} at step 0 to ${fmt(sharp.last)})`
      : '';
  return {
    code: 'overfitting',
    layers: [],
    evidence: {
      valLossMin: valMin,
      valLossMinStep: bestStep,
      valLossLast: valLast,
      evaluationsSinceMin: since,
      trainLossAtMin: trainAtMin,
      trainLossLast: trainLast,
      gap,
      sharpnessInit: sharp?.init ?? null,
      sharpnessLast: sharp?.last ?? null,
    },
    explanation: `Validation loss rose from ${fmt(valMin)} (step ${bestStep}) to ${fmt(valLast)} over the last ${since} evaluations while training loss fell from ${fmt(trainAtMin)} to ${fmt(trainLast)} (gap ${fmt(gap)}): the network is fitting the noise with sharp edges${edges}.`,
    ...offer(doc, [
      // NOTE: half a decade at a time: on the notes' noisy circle (4×64) λ = 0.01 still overfits, 0.03
      // fixes it and 0.1 already collapses W, so a 10× step would jump from too little to too much
      l2 > 0
        ? { scale: 'l2', by: 3, reason: 'a stronger ½λΣ‖W‖² penalty smooths the edges' }
        : { set: { l2: 0.01 }, reason: 'the ½λΣ‖W‖² penalty smooths the edges' },
      // stopping at the first evaluation is no advice
      ...(m > 0 ? [{ set: { steps: bestStep }, reason: 'stop near the best step' }] : []),
      // a lower rate than the one the run had would be a step back
      ...(Number(currentValue(doc.config, 'dropout')) < 0.2 ? [DROPOUT] : []),
    ]),
  };
}

/** Max boundary sharpness at the first and the last probe, when the run has two. */
function sharpness(doc: RunDocument): { init: number; last: number } | null {
  const first = doc.probes?.[0];
  const last = doc.probes?.at(-1);
  if (!first || !last || first === last) return null;
  return { init: first.sharpness.max, last: last.sharpness.max };
}

/** Σ_l ‖W_l‖_F² at initialization: the step-0 probe, else the first logged instruments. */
function initialWeightSquares(doc: RunDocument): number | null {
  const probe = doc.probes?.find((p) => p.step === 0);
  const norms =
    probe?.layers.map((l) => l.weightNorm) ?? doc.history[0]?.instruments?.map((l) => l.weightNorm);
  return norms?.every(finite) ? norms.reduce((s, w) => s + w * w, 0) : null;
}

export function underfittingFinding(doc: RunDocument): Finding | null {
  if (doc.steps < MIN_FIT_STEPS) return null;
  const c = doc.config;
  const lambda = c.l2 + (c.l1 ?? 0) + (c.weightDecay ?? 0);
  const constant = doc.baseline?.constantLoss;
  const train = doc.final.train.loss;
  const nearConstant =
    finite(constant) && constant > 0 && finite(train) && train >= UNDERFIT_LOSS_RATIO * constant;
  const init = initialWeightSquares(doc);
  const finalNorms = doc.layers.map((l) => l.weightNorm);
  const end = finalNorms.every(finite) ? finalNorms.reduce((s, w) => s + w * w, 0) : null;
  const shrink = init !== null && end !== null && init > 0 ? end / init : null;
  const collapsed = lambda > 0 && shrink !== null && shrink < WEIGHT_COLLAPSE_RATIO;
  const unfinished = nearConstant || collapsed ? null : unfinishedRun(doc, constant);
  if (!nearConstant && !collapsed && !unfinished) return null;
  const overshoot = nearConstant && train! > OVERSHOOT_LOSS_RATIO * constant!;
  const parts = [
    ...(overshoot
      ? [
          `training loss ${fmt(train!)} is ${fmt(train! / constant!)}× the constant-predictor loss ${fmt(constant!)}: the updates overshoot (η = ${fmt(c.lr)} drove the weights to where the fit is worse than predicting the label frequencies)`,
        ]
      : nearConstant
        ? [
            `training loss ${fmt(train!)} is ${pct(train! / constant!)} of the constant-predictor loss ${fmt(constant!)}, so the network has learned almost nothing beyond the label frequencies`,
          ]
        : []),
    ...(collapsed
      ? [
          `λ = ${fmt(lambda)} shrank Σ‖W_l‖² to ${fmt(shrink!)} of its initial value: the penalty's pull λW toward 0 (a factor (1 − ηλ) per plain SGD step) outweighs the data gradient and the function is nearly constant`,
        ]
      : []),
    ...(unfinished
      ? [
          `training loss ${fmt(train!)} is still ${pct(train! / constant!)} of the constant-predictor loss ${fmt(constant!)} and fell from ${fmt(unfinished.lossBefore)} (step ${unfinished.stepBefore}) to ${fmt(unfinished.lossLast)} in the last quarter of the run, with validation loss at its lowest at the end: the run stopped while it was still learning`,
        ]
      : []),
  ];
  // a linear model (--depth 0) has no width to double: its boundary is one hyperplane
  const capacity: Fix =
    c.hidden.length === 0
      ? { set: { depth: 2 }, reason: 'a linear model draws one straight boundary' }
      : { scale: 'width', by: 2, reason: 'more capacity' };
  const fixes: Fix[] = unfinished
    ? [{ scale: 'steps', by: 4, reason: 'train longer: the loss is still falling' }]
    : overshoot
      ? [{ scale: 'lr', by: 0.01, reason: 'the updates overshoot' }]
      : lambda > 0
        ? scalePenalties(0.01, 'the penalty outweighs the data gradient')
        : [
            // doubling is the smallest change that shows whether more training helps
            { scale: 'steps', by: 2, reason: 'the loss may still be falling' },
            // ×3 is half a decade on the usual log grid: a larger η risks the overshoot above
            { scale: 'lr', by: 3, reason: 'η may be too small to move the weights' },
            // twice the units per layer: the next size up on the usual powers-of-two grid
            capacity,
          ];
  return {
    code: 'underfitting',
    layers: [],
    evidence: {
      trainLoss: finite(train) ? train : null,
      constantLoss: finite(constant) ? constant : null,
      lossRatio: nearConstant ? train! / constant! : null,
      lambda,
      weightShrink: shrink,
      sharpnessLast: doc.probes?.at(-1)?.sharpness.max ?? null,
    },
    explanation: `${parts.join('; ')}.`.replace(/^./, (ch) => ch.toUpperCase()),
    ...offer(doc, fixes),
  };
}
