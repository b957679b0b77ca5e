// Synthetic datasets by name: five 2D binary-classification sets in the TensorFlow Playground style and one
// 1D regression set. Each is a pure function of its options: the same rng state gives the same dataset.

import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import type { Rng } from '../rng.js';
import { addClassificationNoise, JITTER } from './noise.js';
import { SHAPES, type Shape, type ShapeName } from './point-sets.js';

export type GeneratorName = ShapeName | 'sine';

export interface GeneratorOptions {
  /** number of points N, a positive integer */
  readonly samples: number;
  /** in [0, 1]: 0 is clean data */
  readonly noise: number;
  readonly rng: Rng;
}

export type Generator = (opts: GeneratorOptions) => Dataset;

/**
 * Jitter σ of gauss at noise = 1. The other sets use the default JITTER; gauss has no gap to flip labels
 * across (its clusters are ~0.35 apart at their closest), so its noise is mostly overlap, as in the
 * Playground, whose cluster σ grows from 0.14 to 0.4 (in these units) with noise.
 */
export const GAUSS_JITTER = 0.35;

/** σ of the sine targets' noise at noise = 1 (the signal has amplitude 1). */
export const SINE_NOISE = 0.5;

function checkOptions(opts: GeneratorOptions): void {
  if (!Number.isInteger(opts.samples) || opts.samples < 1) {
    throw new UsageError('--samples', 'a positive integer', opts.samples);
  }
  // NOTE: `!(a && b)` also rejects NaN, which fails every comparison.
  if (!(opts.noise >= 0 && opts.noise <= 1)) {
    throw new UsageError('--noise', 'a number in [0, 1]', opts.noise);
  }
}

/** A clean shape (drawn first from the rng) followed by jitter and boundary label flips. */
function classification(name: ShapeName, shape: Shape, jitter = JITTER): Generator {
  return (opts) => {
    checkOptions(opts);
    const clean = shape(opts.samples, opts.rng);
    const { x, y } = addClassificationNoise(clean.x, clean.y, opts.noise, opts.rng, jitter);
    return {
      name,
      x,
      y,
      n: opts.samples,
      inputDim: 2,
      targetDim: 1,
      task: 'binary',
      numClasses: 2,
      featureNames: ['x1', 'x2'],
      targetName: 'label',
    };
  };
}

/**
 * x uniform in [−1, 1], y = sin(πx) + SINE_NOISE·noise·N(0, 1): one full period, so a small network fits
 * it and a large one, trained long on few noisy samples, overfits.
 */
const sine: Generator = (opts) => {
  checkOptions(opts);
  const { samples, noise, rng } = opts;
  const x = new Float64Array(samples);
  const y = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    x[i] = 2 * rng.next() - 1;
    y[i] = Math.sin(Math.PI * x[i]!) + SINE_NOISE * noise * rng.normal();
  }
  return {
    name: 'sine',
    x,
    y,
    n: samples,
    inputDim: 1,
    targetDim: 1,
    task: 'regression',
    featureNames: ['x'],
    targetName: 'y',
  };
};

export const GENERATORS: Readonly<Record<GeneratorName, Generator>> = {
  circle: classification('circle', SHAPES.circle),
  xor: classification('xor', SHAPES.xor),
  gauss: classification('gauss', SHAPES.gauss, GAUSS_JITTER),
  spiral: classification('spiral', SHAPES.spiral),
  moons: classification('moons', SHAPES.moons),
  sine,
};

export function isGeneratorName(name: string): name is GeneratorName {
  return Object.hasOwn(GENERATORS, name);
}

/** The generator called `name`; CSV files are read by the front end and never reach here. */
export function generateData(name: string, opts: GeneratorOptions): Dataset {
  if (!isGeneratorName(name)) {
    throw new UsageError('--data', 'one of circle, xor, gauss, spiral, moons, sine or a .csv path', name);
  }
  return GENERATORS[name](opts);
}
