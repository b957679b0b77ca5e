// Mean-field signal propagation in a wide random network, W_ij ~ N(0, σ_w²/fan_in), b_i ~ N(0, σ_b²).
// reference: Poole et al. 2016; Schoenholz et al. 2017, "Deep information propagation" (eqs. 3–9)
//   length map   q^{l+1} = σ_w² E[φ(√q^l z)²] + σ_b²,              fixed point q*
//   χ₁           σ_w² E[φ'(√q* z)²]: the per-layer factor of E‖δ‖², so ‖δ‖ moves by √χ₁ a layer
//   c-map        c^{l+1} = (σ_w² E[φ(u1)φ(u2)] + σ_b²) / q*,           fixed point c*
//   χ_c          σ_w² E[φ'(u1)φ'(u2)] at c*; ξ_c = −1/ln χ_c (= −1/ln χ₁ in the ordered phase, c* = 1)
//   ξ_q          −1/ln(∂q^{l+1}/∂q^l at q*)

import { UsageError } from '../errors.js';
import type { ActivationMoments } from './moments.js';

export interface Variances {
  /** σ_w²: Var(W)·fan_in */
  readonly sigmaW2: number;
  /** σ_b²: Var(b) */
  readonly sigmaB2: number;
}

export type Phase = 'ordered' | 'critical' | 'chaotic';

/** |χ₁ − 1| within this is named critical (a depth-100 net then moves ‖δ‖ by at most e^{±0.5}). */
export const CRITICAL_TOLERANCE = 0.01;

const MAX_ITERATIONS = 20_000;
/** q beyond this is taken as divergent (an unbounded activation above its critical point) */
const Q_INFINITE = 1e12;

export function lengthMap(m: ActivationMoments, v: Variances, q: number): number {
  return v.sigmaW2 * m.meanSquare(q) + v.sigmaB2;
}

/**
 * The fixed point q* of the length map, iterated from q0: 0 when the map contracts every length to 0
 * (σ_b² = 0 below the critical point), Infinity when lengths grow without bound (ReLU above σ_w² = 2).
 */
export function qStar(m: ActivationMoments, v: Variances, q0 = 1): number {
  checkVariances('qStar', v);
  const zeroFixed = v.sigmaB2 === 0 && m.meanSquare(0) === 0;
  if (zeroFixed && v.sigmaW2 * m.derivSquare(0) <= 1 && !(m.exact && v.sigmaW2 * m.derivSquare(0) === 1)) {
    // NOTE: at σ_b² = 0 a tanh net below or at χ₁(0) = 1 shrinks q like 1/l: iteration would crawl to 0
    return 0;
  }
  const q = fixedPoint((x) => lengthMap(m, v, x), q0, 1e-14);
  return q > Q_INFINITE || Number.isNaN(q) ? Number.POSITIVE_INFINITY : q;
}

/**
 * x = f(x) by iteration with Aitken's Δ² every third step (Steffensen), so a map whose slope at the
 * fixed point is near 1 (q* near the edge of chaos) converges in tens of steps, not thousands.
 */
function fixedPoint(f: (x: number) => number, x0: number, tolerance: number): number {
  let x = x0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const x1 = f(x);
    if (!(Math.abs(x1) < Q_INFINITE)) return x1;
    if (Math.abs(x1 - x) <= tolerance * Math.max(1, Math.abs(x))) return x1;
    const x2 = f(x1);
    const denominator = x2 - 2 * x1 + x;
    const accelerated = denominator === 0 ? x2 : x - ((x1 - x) * (x1 - x)) / denominator;
    // NOTE: Δ² can overshoot out of the map's domain (a negative length); plain iteration then
    x = Number.isFinite(accelerated) && accelerated >= 0 ? accelerated : x2;
  }
  return x;
}

/** χ₁ at q. */
export function chi1(m: ActivationMoments, v: Variances, q: number): number {
  return v.sigmaW2 * m.derivSquare(q);
}

/** The c-map at length q: the correlation of two inputs one layer on. */
export function cMap(m: ActivationMoments, v: Variances, q: number, c: number): number {
  if (q === 0) return 1;
  return (v.sigmaW2 * m.cross(q, c) + v.sigmaB2) / q;
}

/** The stable fixed point c* of the c-map: 1 in the ordered phase, below 1 in the chaotic one. */
export function cStar(m: ActivationMoments, v: Variances, q: number): number {
  if (!(chi1(m, v, q) > 1) || !Number.isFinite(q) || q === 0) return 1;
  return fixedPoint((c) => cMap(m, v, q, c), 0, 1e-13);
}

/** χ_c = ∂c^{l+1}/∂c^l at c*, which is χ₁ at c* = 1. */
export function chiC(m: ActivationMoments, v: Variances, q: number, c: number): number {
  return c === 1 ? chi1(m, v, q) : v.sigmaW2 * m.derivCross(q, c);
}

/** Depth over which a quantity that moves by `rate` per layer changes by e: −1/ln rate (∞ at 1). */
export function depthScale(rate: number): number {
  if (!(rate > 0)) return 0;
  const l = Math.log(rate);
  // NOTE: at the critical point χ = 1 up to the quadrature's round-off: that is an infinite depth scale
  return Math.abs(l) < 1e-12 ? Number.POSITIVE_INFINITY : -1 / l;
}

/** ξ_c, the depth over which correlations between inputs approach c*. */
export function xiC(m: ActivationMoments, v: Variances, q: number = qStar(m, v)): number {
  return depthScale(chiC(m, v, q, cStar(m, v, q)));
}

/** ξ_q, the depth over which the length q^l approaches q*: −1/ln of the length map's slope there. */
export function xiQ(m: ActivationMoments, v: Variances, q: number = qStar(m, v)): number {
  if (!Number.isFinite(q)) return Number.NaN;
  const h = Math.max(1e-6, 1e-5 * q);
  const lo = Math.max(0, q - h);
  const slope = (lengthMap(m, v, q + h) - lengthMap(m, v, lo)) / (q + h - lo);
  return depthScale(Math.abs(slope));
}

export function phaseOf(chi: number, tolerance = CRITICAL_TOLERANCE): Phase {
  if (Math.abs(chi - 1) <= tolerance) return 'critical';
  return chi < 1 ? 'ordered' : 'chaotic';
}

/**
 * The σ_w² at which χ₁ = 1 for a given σ_b², by bisection (χ₁ rises with σ_w²): the edge of chaos.
 * reference: Schoenholz et al. 2017, Fig. 1 (tanh: 1.000 at σ_b² = 0, 1.761 at 0.05)
 */
export function criticalWeightVariance(m: ActivationMoments, sigmaB2: number, tolerance = 1e-10): number {
  if (!(sigmaB2 >= 0) || !Number.isFinite(sigmaB2))
    throw new UsageError('criticalWeightVariance: sigmaB2', 'a finite number ≥ 0', sigmaB2);
  const excess = (sigmaW2: number): number => {
    const v = { sigmaW2, sigmaB2 };
    return chi1(m, v, qStar(m, v)) - 1;
  };
  let lo = 1e-3;
  let hi = 1;
  for (let i = 0; excess(hi) < 0; i++) {
    if (i > 60) return Number.NaN;
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > tolerance * hi) {
    const mid = (lo + hi) / 2;
    if (excess(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function checkVariances(op: string, v: Variances): void {
  if (!(v.sigmaW2 >= 0) || !Number.isFinite(v.sigmaW2))
    throw new UsageError(`${op}: sigmaW2`, 'a finite number ≥ 0', v.sigmaW2);
  if (!(v.sigmaB2 >= 0) || !Number.isFinite(v.sigmaB2))
    throw new UsageError(`${op}: sigmaB2`, 'a finite number ≥ 0', v.sigmaB2);
}
