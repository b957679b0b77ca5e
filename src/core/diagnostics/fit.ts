// Fit findings from the loss curves: overfitting (validation loss rising while training loss falls, the
// notes' sharp edges fitting noise), underfitting (no better than a constant, or λ collapsed W), and no
// generalization (training beat chance, validation never did: random labels, a broken pipeline).

import { isGeneratorName } from '../data/generators.js';
import type { Fix } from '../record/fix.js';
import { type Finding, fmt, pct, pct1 } from './finding.js';
import { digestHistory } from './fit-digest.js';
import { currentValue } from './fixes.js';
import { offer, scalePenalties } from './offer.js';
import { finite } from './readings.js';
import type { RunDocument } from './run-document.js';
import {
  CHANCE_Z,
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

/**
 * Validation at chance at every evaluation, and training significantly better at the end: the tests of
 * CHANCE_Z (thresholds.ts). "At every evaluation" is what tells it from overfitting, whose validation
 * loss first fell below chance and then rose.
 */
function chanceTest(doc: RunDocument): { evidence: Finding['evidence']; text: string } | null {
  const held = doc.baseline?.val;
  const nTrain = doc.baseline?.n;
  const val = doc.final.val;
  const train = doc.final.train;
  if (!held || !val || !nTrain || held.n === 0) return null;
  if (!finite(val.loss) || !finite(train.loss) || !finite(held.constantLoss)) return null;
  const best = (doc.digest ?? digestHistory(doc.history)).best?.valLoss;
  const valLossMin = finite(best) ? Math.min(best, val.loss) : val.loss;
  const c = held.chanceAccuracy;
  const n = held.n;
  if (finite(c)) {
    const acc = val.accuracy;
    const trainAcc = train.accuracy;
    if (!finite(acc) || !finite(trainAcc)) return null;
    const margin = CHANCE_Z * Math.sqrt((c * (1 - c)) / n);
    if (c + margin >= 1) return null; // too few validation examples to tell any accuracy from chance
    const gapMargin = CHANCE_Z * Math.sqrt(c * (1 - c) * (1 / nTrain + 1 / n));
    // NOTE: the loss too, so that a set whose majority class dominates the accuracy but whose
    // probabilities did learn (val loss well below the label frequencies') is not called chance
    const atChance = acc <= c + margin && valLossMin >= UNDERFIT_LOSS_RATIO * held.constantLoss;
    if (!atChance || !(trainAcc - acc > gapMargin)) return null;
    return {
      evidence: {
        valAccuracy: acc,
        chanceAccuracy: c,
        margin,
        valExamples: n,
        trainAccuracy: trainAcc,
        trainExamples: nTrain,
        gapMargin,
        valLoss: val.loss,
        valLossMin,
        chanceLoss: held.constantLoss,
      },
      text: `Validation accuracy ${pct1(acc)} is no better than chance (the validation set's majority class is ${pct1(c)}, with a ${CHANCE_Z}σ binomial margin of ${pct1(margin)} for its ${n} examples) and its loss never fell below ${fmt(valLossMin)}, against ${fmt(held.constantLoss)} for predicting the training label frequencies, while training accuracy reached ${pct1(trainAcc)} (a gap beyond the ${pct1(gapMargin)} chance allows)`,
    };
  }
  const constant = doc.baseline?.constantLoss;
  const margin = CHANCE_Z * Math.sqrt(2 / n);
  if (margin >= 1) return null; // too few validation examples to tell any loss from chance
  const atChance = valLossMin >= held.constantLoss * (1 - margin);
  if (!atChance || !finite(constant) || !(train.loss < UNDERFIT_LOSS_RATIO * constant)) return null;
  return {
    evidence: {
      valLoss: val.loss,
      valLossMin,
      chanceLoss: held.constantLoss,
      margin,
      valExamples: n,
      trainLoss: train.loss,
      trainConstantLoss: constant,
    },
    text: `Validation loss never fell below ${fmt(valLossMin)}, no better than predicting the training targets' mean (${fmt(held.constantLoss)} on the validation set, within a ${CHANCE_Z}σ margin of ${pct(margin)} for its ${n} examples), while training loss fell to ${fmt(train.loss)}, ${pct(train.loss / constant)} of the constant predictor's`,
  };
}

/**
 * `no-generalization`: validation at chance while training beat it. Underfitting is training at chance
 * too (the gap test fails); overfitting is a validation curve that improved, then worsened.
 */
export function noGeneralizationFinding(doc: RunDocument): Finding | null {
  if (doc.steps < MIN_FIT_STEPS) return null;
  const test = chanceTest(doc);
  if (!test) return null;
  const c = doc.config;
  // more rows of the same kind: generated data takes --samples; a CSV or a named set only a larger
  // --train-size, when the run took a subset (all rows is in place, so the fix drops out)
  const more: Fix = {
    scale: isGeneratorName(c.data) ? 'samples' : 'trainSize',
    by: 2,
    reason: 'if the labels do carry a signal, more examples make memorising them cost more than learning it',
  };
  return {
    code: 'no-generalization',
    layers: [],
    evidence: test.evidence,
    explanation: `${test.text}: nothing the network learned carries to new examples. Either these features carry no signal about these labels, or the data pipeline broke the link (labels shuffled apart from their rows, a wrong target column, a feature that gives the label away on the training rows only), and the training gain is memorisation. Check that each row's label belongs to its features first: no setting fixes a broken pipeline.`,
    ...offer(doc, [
      more,
      c.l2 > 0
        ? { scale: 'l2', by: 3, reason: 'a stronger ½λΣ‖W‖² penalty makes memorising costly' }
        : { set: { l2: 0.01 }, reason: 'the ½λΣ‖W‖² penalty makes memorising costly' },
      ...(Number(currentValue(c, 'dropout')) < 0.2 ? [DROPOUT] : []),
    ]),
  };
}
