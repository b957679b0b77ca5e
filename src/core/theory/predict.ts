// The prediction for one network, derived once: its phase, depth scales, and the factor each layer
// should multiply ‖δ‖ = ‖∂ℓ/∂z_l‖ by on the way back, beside which the measured signalRatio is shown.
//   q_0 = σ_w,0² · E‖x‖²/I + σ_b²,   q_{l+1} = σ_w,l+1² E[φ(√q_l z)²] + σ_b²
//   signalRatio_l = ‖δ_l‖/‖δ_{l+1}‖ ≈ √(σ_w,l+1² E[φ'(√q_l z)²]) → √χ₁ once q_l has reached q*

import { type Applicability, applicability, type TheoryNet } from './applicability.js';
import { chi1, criticalWeightVariance, cStar, type Phase, phaseOf, qStar, xiC, xiQ } from './mean-field.js';
import { type ActivationMoments, momentsOf } from './moments.js';

export interface LayerPrediction {
  /** the pre-activation variance q_l of this Dense layer */
  readonly q: number;
  /** predicted signalRatio_l; null for the output layer (it has no ratio) */
  readonly factor: number | null;
}

export interface TheoryPrediction extends Applicability {
  readonly applies: true;
  readonly activation: string;
  /** σ_w² of the hidden-to-hidden layers (of the output layer for one hidden layer) */
  readonly sigmaW2: number;
  readonly sigmaB2: number;
  readonly qStar: number;
  readonly chi1: number;
  /** √χ₁: the predicted per-layer factor of ‖δ‖ deep in the net */
  readonly factor: number;
  readonly phase: Phase;
  readonly cStar: number;
  readonly xiC: number;
  readonly xiQ: number;
  /** σ_w² on the edge of chaos at this σ_b² */
  readonly criticalSigmaW2: number;
  /** hidden layers */
  readonly depth: number;
  /** one per Dense layer, input side first */
  readonly layers: readonly LayerPrediction[];
}

export interface NoPrediction extends Applicability {
  readonly applies: false;
}

/**
 * The theory's prediction for `net`, or why there is none. `inputMeanSquare` is E‖x‖²/I over the data;
 * without it every layer starts at the fixed point q*.
 */
export function predictTheory(net: TheoryNet, inputMeanSquare?: number): TheoryPrediction | NoPrediction {
  const where = applicability(net);
  if (!where.applies) return { ...where, applies: false };
  const m = momentsOf(net.activation);
  const sigmaB2 = net.biasVariance!;
  const variances = net.weightVariances as readonly number[];
  const sigmaW2 = variances[Math.min(1, variances.length - 1)]!;
  const summary = summaryOf(m, sigmaW2, sigmaB2);
  const layers: LayerPrediction[] = [];
  let ql = inputMeanSquare === undefined ? summary.qStar : variances[0]! * inputMeanSquare + sigmaB2;
  for (let l = 0; l < variances.length; l++) {
    const next = variances[l + 1];
    const factor = next === undefined ? null : Math.sqrt(next * m.derivSquare(ql));
    layers.push({ q: ql, factor });
    if (next !== undefined) ql = next * m.meanSquare(ql) + sigmaB2;
  }
  return { ...where, ...summary, applies: true, activation: m.activation, depth: net.hidden.length, layers };
}

type Summary = Pick<
  TheoryPrediction,
  'sigmaW2' | 'sigmaB2' | 'qStar' | 'chi1' | 'factor' | 'phase' | 'cStar' | 'xiC' | 'xiQ' | 'criticalSigmaW2'
>;

// NOTE: the summary takes ~60 ms (the c-map's 2-D quadrature, the bisection), and a diagnosis asks for it
// at every call; it depends on (activation, σ_w², σ_b²) only, so it is kept, a few hundred at most
const SUMMARIES = new Map<string, Summary>();
const MAX_SUMMARIES = 512;

function summaryOf(m: ActivationMoments, sigmaW2: number, sigmaB2: number): Summary {
  const key = `${m.activation}|${sigmaW2}|${sigmaB2}`;
  const hit = SUMMARIES.get(key);
  if (hit) return hit;
  const v = { sigmaW2, sigmaB2 };
  const q = qStar(m, v);
  const chi = chi1(m, v, q);
  const summary: Summary = {
    sigmaW2,
    sigmaB2,
    qStar: q,
    chi1: chi,
    factor: Math.sqrt(chi),
    phase: phaseOf(chi),
    cStar: cStar(m, v, q),
    xiC: xiC(m, v, q),
    xiQ: xiQ(m, v, q),
    criticalSigmaW2: criticalWeightVariance(m, sigmaB2),
  };
  if (SUMMARIES.size >= MAX_SUMMARIES) SUMMARIES.clear();
  SUMMARIES.set(key, summary);
  return summary;
}

/** "theory: χ₁ = 0.76, ξ_c = 3.6 layers; this net has 40, ≈ 11 ξ_c", or null without a prediction. */
export function theorySentence(p: TheoryPrediction | NoPrediction): string | null {
  if (!p.applies) return null;
  const xi = Number.isFinite(p.xiC) ? `ξ_c = ${p.xiC.toPrecision(2)} layers` : 'ξ_c = ∞ (critical)';
  const ratio = Number.isFinite(p.xiC) && p.xiC > 0 ? `, ≈ ${(p.depth / p.xiC).toPrecision(2)} ξ_c` : '';
  // without a ratio to ξ_c the count needs its noun ("this net has 2" read as a cut-off sentence)
  const depth = ratio ? `${p.depth}${ratio}` : `${p.depth} hidden layer${p.depth === 1 ? '' : 's'}`;
  return `theory: χ₁ = ${p.chi1.toFixed(2)} (${p.phase}), ${xi}; this net has ${depth}`;
}
