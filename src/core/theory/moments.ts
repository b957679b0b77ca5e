// The Gaussian moments of an activation that mean-field theory needs, for u ~ N(0, q) and for a pair
// (u1, u2) ~ N(0, q·[[1, c], [c, 1]]). linear, relu and leaky-relu have closed forms (ReLU's pair is
// the arc-cosine kernel of Cho & Saul 2009); every other activation is integrated by Gauss–Hermite.
// reference: Poole et al. 2016, "Exponential expressivity in deep neural networks through transient chaos"

import { type Activation, parseActivation } from '../activations.js';
import { gaussRule, PAIR_POINTS } from './gauss.js';

export interface ActivationMoments {
  readonly activation: string;
  /** closed forms (true), or quadrature (false: smooth activations to 1e-8, ELU's kinked f' to ~2e-3) */
  readonly exact: boolean;
  /** E[φ(u)²] */
  meanSquare(q: number): number;
  /** E[φ'(u)²] */
  derivSquare(q: number): number;
  /** E[φ(u1) φ(u2)] */
  cross(q: number, c: number): number;
  /** E[φ'(u1) φ'(u2)] */
  derivCross(q: number, c: number): number;
}

/** P(u1 > 0, u2 > 0) for correlation c (Sheppard's formula). */
const bothPositive = (c: number): number => (Math.PI - Math.acos(clampC(c))) / (2 * Math.PI);

/** E[relu(u1) relu(u2)] (arc-cosine kernel of degree 1). */
const reluCross = (q: number, c: number): number => {
  const cc = clampC(c);
  return (q / (2 * Math.PI)) * (Math.sqrt(1 - cc * cc) + (Math.PI - Math.acos(cc)) * cc);
};

const clampC = (c: number): number => Math.max(-1, Math.min(1, c));

/** leaky-relu with slope a: φ = a·u + (1 − a)·relu(u), so every moment is a sum of linear and ReLU's. */
function leaky(spec: string, a: number): ActivationMoments {
  return {
    activation: spec,
    exact: true,
    meanSquare: (q) => (q * (1 + a * a)) / 2,
    derivSquare: () => (1 + a * a) / 2,
    cross: (q, c) => a * q * c + (1 - a) ** 2 * reluCross(q, c),
    derivCross: (_q, c) => a + (1 - a) ** 2 * bothPositive(c),
  };
}

function byQuadrature(act: Activation): ActivationMoments {
  const line = gaussRule();
  const { z, w } = gaussRule(PAIR_POINTS);
  const n = z.length;
  const N = line.z.length;
  const u = new Float64Array(N);
  const a = new Float64Array(N);
  const d = new Float64Array(N);
  const a1 = new Float64Array(n);
  const d1 = new Float64Array(n);
  const u2 = new Float64Array(n * n); // (n, n): u2[i, j] for z1 = z_i, z2 = z_j
  const a2 = new Float64Array(n * n);
  const d2 = new Float64Array(n * n);
  const one = (q: number): void => {
    const s = Math.sqrt(q);
    for (let i = 0; i < N; i++) u[i] = s * line.z[i]!;
    act.forward(a, u, N);
    act.derivative(d, u, a, N);
  };
  const pair = (q: number, c: number): void => {
    const s = Math.sqrt(q);
    for (let i = 0; i < n; i++) u[i] = s * z[i]!;
    act.forward(a1, u, n);
    act.derivative(d1, u, a1, n);
    const cc = clampC(c);
    const r = Math.sqrt(1 - cc * cc);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) u2[i * n + j] = s * (cc * z[i]! + r * z[j]!);
    act.forward(a2, u2, n * n);
    act.derivative(d2, u2, a2, n * n);
  };
  const sum1 = (v: Float64Array): number => {
    let t = 0;
    for (let i = 0; i < N; i++) t += line.w[i]! * v[i]! * v[i]!;
    return t;
  };
  const sum2 = (v1: Float64Array, v2: Float64Array): number => {
    let t = 0;
    for (let i = 0; i < n; i++) {
      let inner = 0;
      for (let j = 0; j < n; j++) inner += w[j]! * v2[i * n + j]!;
      t += w[i]! * v1[i]! * inner;
    }
    return t;
  };
  return {
    activation: act.spec,
    exact: false,
    meanSquare(q) {
      one(q);
      return sum1(a);
    },
    derivSquare(q) {
      one(q);
      return sum1(d);
    },
    cross(q, c) {
      pair(q, c);
      return sum2(a1, a2);
    },
    derivCross(q, c) {
      pair(q, c);
      return sum2(d1, d2);
    },
  };
}

/** The moments of an activation spec (as --activation takes it). */
export function momentsOf(spec: string, argument = 'momentsOf: activation'): ActivationMoments {
  const act = parseActivation(spec, argument);
  switch (act.name) {
    case 'linear':
      return {
        activation: act.spec,
        exact: true,
        meanSquare: (q) => q,
        derivSquare: () => 1,
        cross: (q, c) => q * c,
        derivCross: () => 1,
      };
    case 'relu':
      return { ...leaky('relu', 0), activation: 'relu' };
    case 'leaky-relu':
      return leaky(act.spec, Number(act.spec.split(':')[1]));
    default:
      return byQuadrature(act);
  }
}
