// Each preset as a lesson: what to look at, a question, and a reveal that quotes the live run's own
// numbers (the evidence of its diagnosis, the same numbers its exported document holds), and the fix to
// see side by side in Compare. No DOM here: lesson-card.ts draws it.

import { formatEvidence } from '../../src/index.js';
import type { Diagnosis, LatestNumbers } from './protocol.js';

/** The numbers a reveal quotes, by name, with the sentence they fill and the step they were measured at. */
export interface Reveal {
  readonly text: string;
  readonly values: Readonly<Record<string, number>>;
  readonly step: number;
}

export interface Lesson {
  readonly look: string;
  readonly question: string;
  /** B's settings for the before/after Compare (null: the preset is itself the fix) */
  readonly fix: string | null;
  reveal(d: Diagnosis | null, latest: LatestNumbers | null): Reveal | null;
}

/** a number as the diagnosis writes it (2 significant digits, 3e-13) */
const fmt = formatEvidence;

const evidence = (d: Diagnosis | null, code: string): Readonly<Record<string, unknown>> | null =>
  d?.findings.find((f) => f.code === code)?.evidence ?? null;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The flow reveal: "layer 0 receives 3e-13 of the output's gradient: 0.24 per layer × 20 factors". */
function flow(code: 'vanishing' | 'exploding', verb: string): Lesson['reveal'] {
  return (d) => {
    const e = evidence(d, code);
    const ratio = num(e?.signalRatio);
    const factor = num(e?.factorPerLayer);
    const factors = num(e?.factors);
    if (!d || ratio === null || factor === null || factors === null) return null;
    return {
      step: d.step,
      text: `Layer 0 ${verb} ${fmt(ratio)} of the output layer's gradient: a measured factor of ${fmt(factor)} per layer, ${factors} times (${fmt(factor)}^${factors} ≈ ${fmt(factor ** factors)}).`,
      values: { signalRatio: ratio, factorPerLayer: factor, factors },
    };
  };
}

/** The fit reveal from the live numbers: train and validation loss at the last logged step. */
function fitNumbers(d: Diagnosis | null, latest: LatestNumbers | null, tail: string): Reveal | null {
  if (!latest || !d) return null;
  const { trainLoss, valLoss } = latest;
  if (!Number.isFinite(trainLoss) || !Number.isFinite(valLoss)) return null;
  const verdictAt = d.step === latest.step ? '' : ` at step ${d.step}`;
  return {
    step: latest.step,
    text: `The training loss is ${fmt(trainLoss)} and the validation loss ${fmt(valLoss)} (verdict${verdictAt}: ${d.verdict.join(', ')}). ${tail}`,
    values: { step: latest.step, trainLoss, valLoss },
  };
}

export const LESSONS: Readonly<Record<string, Lesson>> = {
  vanishing: {
    look: 'the heatmap: its bottom rows (the input-side layers) go dark; the first bar panel falls layer by layer.',
    question: 'What do you notice about how much gradient reaches the first layer?',
    fix: 'activation=relu&init=he-normal',
    reveal: flow('vanishing', 'receives'),
  },
  'relu-he': {
    look: 'the heatmap is one even colour from bottom to top; the RMS-gain bars sit on the dashed line at 1.',
    question: 'What do you notice about the gradient at the first and the last layer?',
    fix: null,
    reveal: (d, latest) => fitNumbers(d, latest, 'No layer is starved: every layer learns.'),
  },
  exploding: {
    look: 'the heatmap with "‖∂L/∂z_l‖" picked: the input side is the brightest; the run stops at a NaN.',
    question: 'What do you notice about the signal at layer 0 compared with the output?',
    fix: 'init=he-normal',
    reveal: flow('exploding', 'receives'),
  },
  clipping: {
    look: 'the line "Clipping: ACTIVE" under the diagnosis, and the run that no longer stops at a NaN.',
    question: 'Did clipping cure the explosion, or only its symptom?',
    fix: 'init=he-normal',
    reveal: flow('exploding', 'still receives'),
  },
  normalization: {
    look: 'the heatmap stays even although the weights are as badly scaled as in Exploding.',
    question: 'What do you notice about the loss compared with the Exploding preset?',
    fix: null,
    reveal: (d, latest) => fitNumbers(d, latest, 'LayerNorm keeps each layer’s input near unit scale.'),
  },
  residual: {
    look: 'the boundary fits the circle; the RMS-gain bars stay near 1 through 30 layers.',
    question: 'What do you notice about the loss with the identity path in place?',
    fix: null,
    reveal: (d, latest) => fitNumbers(d, latest, 'The identity path carries the gradient past every layer.'),
  },
  overfitting: {
    look: 'the loss chart: the dashed validation curve turns up while the training curve keeps falling.',
    question: 'What do you notice about the gap between training and validation loss?',
    fix: 'l2=0.03',
    reveal: (d) => {
      const e = evidence(d, 'overfitting');
      const min = num(e?.valLossMin);
      const last = num(e?.valLossLast);
      const step = num(e?.valLossMinStep);
      const gap = num(e?.gap);
      if (!d || min === null || last === null || step === null || gap === null) return null;
      return {
        step: d.step,
        text: `The validation loss was lowest, ${fmt(min)}, at step ${step}, and has risen to ${fmt(last)}; the gap to the training loss is ${fmt(gap)}.`,
        values: { valLossMin: min, valLossMinStep: step, valLossLast: last, gap },
      };
    },
  },
  'l2-fixes': {
    look: 'the validation curve flattens instead of turning up; the boundary is smooth.',
    question: 'What do you notice about the validation loss now?',
    fix: null,
    reveal: (d, latest) => fitNumbers(d, latest, 'The penalty keeps the weights small and the edges smooth.'),
  },
  'vanishing-images': {
    look: 'the histograms: each ∂ℓ/∂z row sits about ¾ of a decade left of the one below it, toward the input; the image grid predicts one class for almost every image. Then try the initializers by outcome.',
    question: 'What do you notice about how much gradient reaches the first layer?',
    fix: 'init=xavier-normal',
    reveal: flow('vanishing', 'receives'),
  },
  'l2-underfits': {
    look: 'the boundary is one colour; the training loss stays at the constant predictor’s.',
    question: 'What happened to the weights?',
    fix: 'l2=0.03',
    reveal: (d) => {
      const e = evidence(d, 'underfitting');
      const shrink = num(e?.weightShrink);
      const lambda = num(e?.lambda);
      if (!d || shrink === null || lambda === null) return null;
      return {
        step: d.step,
        text: `With λ = ${fmt(lambda)} the sum of squared weights shrank to ${fmt(shrink)} of its initial value: the network is nearly a constant.`,
        values: { lambda, weightShrink: shrink },
      };
    },
  },
};
