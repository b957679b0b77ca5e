// Vanishing and exploding: the notes' product D_1 × … × D_L, measured. The ratio of the backpropagated
// signal at layer 0 to the signal at the output layer is that product; its (L−1)-th root is the typical
// per-layer factor ‖D_l‖ the notes reason with ("0.5 per layer × 50 layers → 1e-15").

import type { Fix } from '../record/fix.js';
import { theorySentence } from '../theory/index.js';
import { type Finding, fmt, pct, type VanishingCause } from './finding.js';
import { fixInPlace } from './fixes.js';
import { CLIP, keepingInit, NORM_LAYER, NORM_RESIDUAL, offer, RELU_HE, scalePenalties } from './offer.js';
import {
  activationName,
  finite,
  geometricMean,
  meanOf,
  nearestProbe,
  type Reading,
  readings,
} from './readings.js';
import type { RunDocument } from './run-document.js';
import { predictDocument } from './theory.js';
import {
  DEAD_CAUSE_FRACTION,
  EXPLODING_RATIO,
  LAYER_FLOW_RATIO,
  SATURATED_CAUSE_FRACTION,
  VANISHING_RATIO,
} from './thresholds.js';

interface Flow {
  readonly reading: Reading;
  /** signal at layer l / signal at the output layer */
  readonly relative: readonly number[];
  /** relative[0]: the whole-network product */
  readonly ratio: number;
  /** ratio^(1/(L−1)): the typical per-layer factor */
  readonly factor: number;
  /** L − 1: the factors between layer 0 and the output */
  readonly factors: number;
}

/** The theory's numbers and sentence for a finding, where the theory applies to the run. */
function theoryOf(doc: RunDocument): { evidence: Record<string, number | string>; sentence: string } {
  const p = predictDocument(doc);
  const sentence = p ? theorySentence(p) : null;
  if (!p?.applies || sentence === null) return { evidence: {}, sentence: '' };
  return {
    evidence: { theoryChi1: p.chi1, theoryFactor: p.factor, theoryXiC: p.xiC, theoryPhase: p.phase },
    sentence: ` ${sentence}; predicted factor √χ₁ = ${fmt(p.factor)} per layer.`,
  };
}

function flowOf(reading: Reading): Flow | null {
  const L = reading.layers.length;
  const out = reading.layers[L - 1]!.signalGradNorm;
  if (L < 2 || !(out > 0)) return null;
  const relative = reading.layers.map((l) => l.signalGradNorm / out);
  const ratio = relative[0]!;
  return { reading, relative, ratio, factor: ratio ** (1 / (L - 1)), factors: L - 1 };
}

/** The reading whose ratio is furthest past `limit` in the direction `below`, if any is past it. */
function worst(doc: RunDocument, limit: number, below: boolean): Flow | null {
  let pick: Flow | null = null;
  for (const s of readings(doc)) {
    const f = flowOf(s);
    if (!f || !(below ? f.ratio < limit : f.ratio > limit)) continue;
    if (!pick || (below ? f.ratio < pick.ratio : f.ratio > pick.ratio)) pick = f;
  }
  return pick;
}

const hiddenOf = (s: Reading) => s.layers.slice(0, -1);

function involved(f: Flow, below: boolean): number[] {
  const limit = below ? LAYER_FLOW_RATIO : 1 / LAYER_FLOW_RATIO;
  return f.relative.flatMap((r, l) => ((below ? r < limit : r > limit) ? [l] : []));
}

export function vanishingFinding(doc: RunDocument): Finding | null {
  const f = worst(doc, VANISHING_RATIO, true);
  if (!f) return null;
  const hidden = hiddenOf(f.reading);
  const derivative = geometricMean(hidden.map((l) => l.meanDerivative));
  const dead = meanOf(hidden.map((l) => l.deadFraction));
  const saturated = meanOf(hidden.map((l) => l.saturatedFraction));
  const probe = nearestProbe(doc, f.reading.step);
  const weightSpectral = probe ? geometricMean(probe.layers.map((l) => l.weightSpectralNorm)) : null;
  const act = activationName(doc.config.activation);
  // D_l ≈ W_l·f'(z): split the per-layer factor into its derivative part (E f') and what the weights
  // contribute (factor / E f'); the cause is whichever part shrinks more
  const derivativeShrinks = derivative === 0 || (derivative !== null && f.factor / derivative >= derivative);
  let cause: VanishingCause;
  if (!derivativeShrinks) cause = 'small-weights';
  else if (dead !== null && dead >= DEAD_CAUSE_FRACTION) cause = 'dead-units';
  else if (saturated !== null && saturated >= SATURATED_CAUSE_FRACTION) cause = 'saturation';
  else cause = 'small-derivative';
  const lambda = doc.config.l2 + (doc.config.l1 ?? 0) + (doc.config.weightDecay ?? 0);
  const chain = `measured factor ≈ ${fmt(f.factor)} per layer × ${f.factors} layers → ${fmt(f.ratio)}`;
  const explanation = {
    'small-derivative': `f'(z) ≈ ${fmt(derivative ?? Number.NaN)} per layer${act === 'sigmoid' ? " (sigmoid's f' ≤ 0.25)" : ''}, so D_l ≈ W_l·f'(z) shrinks the gradient: ${chain}.`,
    saturation: `${pct(saturated ?? 0)} of unit-activations are saturated (f'(z) < 5% of its max), so D_l = diag(f'(z_l)) W_l ≈ 0: ${chain}.`,
    'dead-units': `${pct(dead ?? 0)} of ReLU units are dead (z ≤ 0 on every example, f'(z) = 0), cutting the paths the gradient needs: ${chain}.`,
    'small-weights': `f'(z) ≈ ${fmt(derivative ?? Number.NaN)} but the weights shrink the signal far more${weightSpectral === null ? '' : ` (‖W_l‖₂ ≈ ${fmt(weightSpectral)})`}: ${chain}.`,
  }[cause];
  const fixes: Record<VanishingCause, Fix[]> = {
    'small-derivative': [RELU_HE, NORM_RESIDUAL],
    saturation: [RELU_HE, NORM_LAYER, { scale: 'lr', by: 0.1, reason: 'if training drove z out' }],
    'dead-units': [
      { set: { biasInit: 0, init: 'he-normal' }, reason: 'z > 0 for about half the examples' },
      { set: { activation: 'leaky-relu' }, reason: "f'(z) > 0 for z ≤ 0" },
    ],
    'small-weights':
      lambda > 0 ? scalePenalties(0.1, 'the penalty shrank the weights') : [keepingInit(act), NORM_RESIDUAL],
  };
  const theory = theoryOf(doc);
  return {
    code: 'vanishing',
    layers: involved(f, true),
    cause,
    evidence: {
      ...theory.evidence,
      step: f.reading.step,
      signalRatio: f.ratio,
      factorPerLayer: f.factor,
      factors: f.factors,
      meanDerivative: derivative,
      deadFraction: dead,
      saturatedFraction: saturated,
      weightSpectralNorm: weightSpectral,
    },
    explanation: `The gradient reaching layer 0 is ${fmt(f.ratio)} of the output layer's: ${explanation}${theory.sentence}`,
    ...offer(doc, fixes[cause]),
  };
}

export function explodingFinding(doc: RunDocument): Finding | null {
  const f = worst(doc, EXPLODING_RATIO, false);
  if (!f) return null;
  const probe = nearestProbe(doc, f.reading.step);
  const weightSpectral = probe ? geometricMean(probe.layers.map((l) => l.weightSpectralNorm)) : null;
  const jacobian = probe ? geometricMean(probe.layers.map((l) => l.jacobianMean)) : null;
  const c = doc.config;
  const clipping =
    finite(c.clipNorm ?? null) || finite(c.clipLayerNorm ?? null) || finite(c.clipValue ?? null);
  // the causes first (the init's scale, no path around the layers), then clipping, which only caps each
  // step: a clipped run no longer overflows, but its layer product still explodes
  const fixes: Fix[] = [
    keepingInit(activationName(c.activation)),
    NORM_RESIDUAL,
    ...(clipping ? [] : [CLIP]),
    // with layer norm and a residual path already on, smaller steps are what is left
    ...(fixInPlace(NORM_RESIDUAL, c) ? [{ scale: 'lr' as const, by: 0.1, reason: 'smaller steps' }] : []),
  ];
  const weights = weightSpectral === null ? '' : `‖W_l‖₂ ≈ ${fmt(weightSpectral)} and `;
  const d = jacobian === null ? '' : ` (probe: ‖D_l‖ ≈ ${fmt(jacobian)})`;
  const theory = theoryOf(doc);
  return {
    code: 'exploding',
    layers: involved(f, false),
    evidence: {
      ...theory.evidence,
      step: f.reading.step,
      signalRatio: f.ratio,
      factorPerLayer: f.factor,
      factors: f.factors,
      weightSpectralNorm: weightSpectral,
      jacobianNorm: jacobian,
    },
    explanation: `The gradient at layer 0 is ${fmt(f.ratio)}× the output layer's: ${weights}measured factor ≈ ${fmt(f.factor)} per layer${d} × ${f.factors} layers → ${fmt(f.ratio)}.${theory.sentence}`,
    ...offer(doc, fixes),
  };
}
