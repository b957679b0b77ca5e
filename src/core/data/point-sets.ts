// The clean 2D point sets behind the classification generators, before any noise.
// reference: tensorflow/playground dataset.ts (circle, xor, gauss, spiral), rescaled from its radius 5 to 1;
// sklearn.datasets.make_moons (moons), rescaled to x in [−1, 1].
// Labels alternate 0, 1, 0, 1, … so the classes are balanced and so is every prefix of the set.

import type { Rng } from '../rng.js';

export type ShapeName = 'circle' | 'xor' | 'gauss' | 'spiral' | 'moons';

export interface Points2D {
  /** (N, 2) points */
  readonly x: Float64Array;
  /** (N) labels 0/1 */
  readonly y: Float64Array;
}

export type Shape = (samples: number, rng: Rng) => Points2D;

/** Writes one point of class `label` into out[0], out[1]. */
type PointSampler = (label: number, rng: Rng, out: Float64Array) => void;

function balanced(point: PointSampler): Shape {
  return (samples, rng) => {
    const x = new Float64Array(2 * samples);
    const y = new Float64Array(samples);
    for (let i = 0; i < samples; i++) {
      y[i] = i % 2;
      point(y[i]!, rng, x.subarray(2 * i, 2 * i + 2));
    }
    return { x, y };
  };
}

/** Class 1 is a disc of radius 0.5, class 0 a ring from 0.7 to 1 (radius uniform, like the Playground). */
const circle: PointSampler = (label, rng, out) => {
  const r = label === 1 ? 0.5 * rng.next() : 0.7 + 0.3 * rng.next();
  const angle = 2 * Math.PI * rng.next();
  out[0] = r * Math.cos(angle);
  out[1] = r * Math.sin(angle);
};

const XOR_PADDING = 0.05;

/** Class 1 where x·y > 0, class 0 where x·y < 0; points keep XOR_PADDING away from the axes. */
const xor: PointSampler = (label, rng, out) => {
  const sx = rng.next() < 0.5 ? -1 : 1;
  const sy = label === 1 ? sx : -sx;
  out[0] = sx * (XOR_PADDING + (1 - XOR_PADDING) * rng.next());
  out[1] = sy * (XOR_PADDING + (1 - XOR_PADDING) * rng.next());
};

const GAUSS_CENTER = 0.4;
const GAUSS_SIGMA = 0.15;

/**
 * Class 1 around (0.4, 0.4), class 0 around (−0.4, −0.4), σ = 0.15. The rare draw (p ≈ 1e-4) on the wrong
 * side of x + y = 0 is redrawn, so clean data is separable and all label noise comes from `noise`.
 */
const gauss: PointSampler = (label, rng, out) => {
  const c = label === 1 ? GAUSS_CENTER : -GAUSS_CENTER;
  do {
    out[0] = c + GAUSS_SIGMA * rng.normal();
    out[1] = c + GAUSS_SIGMA * rng.normal();
  } while ((out[0] + out[1]) * c <= 0);
};

/** Spiral turns from the centre to radius 1. */
export const SPIRAL_TURNS = 1.75;

/** Two interleaved arms r = t / (2π·turns); class 0 is class 1 rotated by π. */
const spiral: PointSampler = (label, rng, out) => {
  const r = rng.next();
  const t = 2 * Math.PI * SPIRAL_TURNS * r + (label === 1 ? 0 : Math.PI);
  // Playground orientation: x = r sin t, y = r cos t
  out[0] = r * Math.sin(t);
  out[1] = r * Math.cos(t);
};

/** make_moons spans x in [−1, 2], y in [−0.5, 1]; map it to x in [−1, 1] keeping the aspect ratio. */
export const MOONS_CENTER = [0.5, 0.25] as const;
export const MOONS_SCALE = 1 / 1.5;

/** Class 0 is the upper unit half circle, class 1 the lower one shifted by (1, 0.5); angle uniform. */
const moons: PointSampler = (label, rng, out) => {
  const t = Math.PI * rng.next();
  const mx = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
  const my = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
  out[0] = (mx - MOONS_CENTER[0]) * MOONS_SCALE;
  out[1] = (my - MOONS_CENTER[1]) * MOONS_SCALE;
};

export const SHAPES: Readonly<Record<ShapeName, Shape>> = {
  circle: balanced(circle),
  xor: balanced(xor),
  gauss: balanced(gauss),
  spiral: balanced(spiral),
  moons: balanced(moons),
};
