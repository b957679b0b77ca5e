// Noise for the 2D classification sets, in two parts, so that a network can overfit it:
//   - jitter: each point moves by N(0, (jitter·noise)²) per coordinate;
//   - label flips near the boundary: a label flips with probability 0.5·noise·exp(−d/FLIP_LENGTH), where d
//     is the distance from the clean point to the nearest clean point of the other class. Flips far from
//     the boundary would be unlearnable outliers; flips near it are what a large network memorises.
// N = points; x is (N, 2), y is (N) with labels 0/1.

import type { Rng } from '../rng.js';
import { nearestOtherLabelDistance } from './nearest.js';

/** default jitter σ at noise = 1, in data units (the sets span about [−1, 1]) */
export const JITTER = 0.1;
/**
 * Length scale ℓ of the flip probability: 0.1 of the data span (2). The clean classes are 0.2–0.35 apart
 * at their closest (circle, moons), so with ℓ = 0.1 almost no label could flip; with 0.2, noise = 1 flips
 * 2–17% of the labels depending on the set.
 */
export const FLIP_LENGTH = 0.2;

export interface NoisyPoints {
  /** (N, 2) jittered points */
  readonly x: Float64Array;
  /** (N) labels after flips */
  readonly y: Float64Array;
  /** (N) 1 where the label was flipped */
  readonly flipped: Uint8Array;
}

/** Probability that a label at distance d from the other class flips. */
export function flipProbability(noise: number, d: number): number {
  return 0.5 * noise * Math.exp(-d / FLIP_LENGTH);
}

/**
 * Jitter and flip a clean binary point set; `noise` in [0, 1] (validated by the caller), `jitter` is the σ
 * at noise = 1. Returns new arrays.
 * NOTE: every point takes the same three draws whatever `noise` is, so one seed gives the same clean points
 * and the same draws at every noise level: raising noise only adds flips and scales the jitter.
 */
export function addClassificationNoise(
  x: Float64Array,
  y: Float64Array,
  noise: number,
  rng: Rng,
  jitter = JITTER,
): NoisyPoints {
  const n = y.length;
  const d = nearestOtherLabelDistance(x, y);
  const sigma = jitter * noise;
  const nx = new Float64Array(2 * n);
  const ny = new Float64Array(n);
  const flipped = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const flip = rng.next() < flipProbability(noise, d[i]!);
    flipped[i] = flip ? 1 : 0;
    ny[i] = flip ? 1 - y[i]! : y[i]!;
    nx[2 * i] = x[2 * i]! + sigma * rng.normal();
    nx[2 * i + 1] = x[2 * i + 1]! + sigma * rng.normal();
  }
  return { x: nx, y: ny, flipped };
}
