// One preset per claim of the notes: one click sets the whole configuration and starts training.

import type { LabState } from './state.js';

export interface Preset {
  readonly id: string;
  readonly title: string;
  /** the claim, in one sentence */
  readonly sentence: string;
  /** settings over the lab's defaults */
  readonly state: Partial<LabState>;
  /** the step limit: where the run stops and the verdict the sentence claims holds */
  readonly limit: number;
  /** the verdict the sentence claims at the limit: codes that must be there, codes that must not */
  readonly claims: { readonly has: readonly string[]; readonly not: readonly string[] };
  /** settings the lesson card offers as choices over the preset, named by their outcome */
  readonly choices?: readonly PresetChoice[];
}

export interface PresetChoice {
  readonly label: string;
  /** what it sets, in words (the lesson card shows it) */
  readonly means: string;
  readonly state: Partial<LabState>;
}

/** The limit of a run that is no preset (the default configuration or a link's). */
export const DEFAULT_LIMIT = 20_000;

// NOTE: noise 0 for the gradient-flow presets: with label noise the validation loss of a network that fits
// the circle drifts up and down by more than 5% of a near-zero minimum, and the verdict flickers to
// overfitting, which is not what these presets are about
const DEEP = {
  data: 'circle',
  noise: 0,
  depth: 20,
  width: 32,
  lr: 0.01,
  batchSize: 32,
} as const;
const EXPLODE = { ...DEEP, depth: 30, activation: 'relu', init: 'normal:0.5', lr: 0.001 } as const;
/** The noisy few-sample problem of the overfitting presets (and of Compare's λ pick). */
export const FIT = {
  data: 'circle',
  samples: 100,
  noise: 0.3,
  valSplit: 0.5,
  depth: 4,
  width: 64,
  activation: 'relu',
  init: 'he-normal',
  optimizer: 'sgd',
  lr: 0.1,
  batchSize: 'full',
} as const;

/**
 * deeplearning.ai's initialization exercise on real images: a 784-300-300-300-300-10 tanh net, SGD lr 0.1,
 * batch 100, on a seeded 1,000 Fashion-MNIST images (validated on 500 of its test images).
 */
const REAL = {
  data: 'fashion-mnist',
  trainSize: 1000,
  valSize: 500,
  depth: 4,
  width: 300,
  activation: 'tanh',
  optimizer: 'sgd',
  lr: 0.1,
  batchSize: 100,
  l2: 0,
  dropout: 0,
} as const;

/** The initializers of REAL, named by what they do to it (measured with `gradscope train`, 200 steps). */
export const INIT_CHOICES: readonly PresetChoice[] = [
  { label: 'Zero', means: 'zeros: every weight 0', state: { init: 'zeros' } },
  { label: 'Too small', means: 'normal:0.01: W ~ N(0, 0.01²)', state: { init: 'normal:0.01' } },
  {
    label: 'Appropriate',
    means: 'xavier-normal: Var = 2/(fan-in + fan-out), Glorot’s for tanh',
    state: { init: 'xavier-normal' },
  },
  { label: 'Too large', means: 'normal:1: W ~ N(0, 1)', state: { init: 'normal:1' } },
];

export const PRESETS: readonly Preset[] = [
  {
    id: 'vanishing',
    title: 'Vanishing (sigmoid)',
    sentence:
      "Sigmoid's f′(z) ≤ 0.25 multiplies the gradient at each of 20 layers, so the first layers receive almost nothing.",
    state: { ...DEEP, activation: 'sigmoid', init: 'xavier-normal' },
    limit: 1000,
    claims: { has: ['vanishing'], not: ['non-finite'] },
  },
  {
    id: 'relu-he',
    title: 'ReLU + He fixes it',
    sentence:
      'ReLU passes gradients with f′ = 1 where active and He init (Var = 2/fan-in) keeps each layer’s measured factor (the RMS gain of D_l) near 1, so all 20 layers learn.',
    state: { ...DEEP, activation: 'relu', init: 'he-normal' },
    limit: 1000,
    claims: { has: ['healthy'], not: [] },
  },
  {
    id: 'exploding',
    title: 'Exploding',
    sentence:
      'With weights at twice the He scale each ReLU layer stretches the signal (RMS gain of D_l ≈ 2, spectral norm ≈ 4) and 30 layers multiply it past 10⁸: the first update overflows to NaN.',
    state: EXPLODE,
    limit: 300,
    claims: { has: ['exploding', 'non-finite'], not: [] },
  },
  {
    id: 'clipping',
    title: 'Clipping',
    sentence:
      'Clipping caps the global gradient norm at 1: the same network no longer overflows, though the layer product still reads exploding.',
    state: { ...EXPLODE, clipNorm: 1 },
    limit: 1000,
    claims: { has: ['exploding'], not: ['non-finite', 'overfitting'] },
  },
  {
    id: 'normalization',
    title: 'Normalization',
    sentence:
      'LayerNorm rescales every layer’s pre-activations, so the badly scaled weights no longer compound through depth.',
    state: { ...EXPLODE, norm: 'layer' },
    limit: 1500,
    claims: { has: ['healthy'], not: [] },
  },
  {
    id: 'residual',
    title: 'Residual',
    sentence:
      'A residual path h + s·F(h) with s = 1/√L adds an identity to every D_l, so the same 30 badly scaled ReLU layers no longer explode and the network fits the data.',
    state: { ...EXPLODE, residual: true, residualScale: 'auto' },
    limit: 1500,
    claims: { has: ['healthy'], not: [] },
  },
  {
    id: 'overfitting',
    title: 'Overfitting',
    sentence:
      'A 4×64 network on 50 noisy circle points learns sharp edges around the noise: train loss falls while validation loss rises.',
    state: { ...FIT, l2: 0 },
    limit: 2000,
    claims: { has: ['overfitting'], not: ['underfitting'] },
  },
  {
    id: 'l2-fixes',
    title: 'L2 fixes it',
    sentence:
      'The penalty ½λΣ‖W‖² keeps weights small and the boundary smooth, so validation loss stops rising.',
    state: { ...FIT, l2: 0.03 },
    limit: 2000,
    claims: { has: ['healthy'], not: [] },
  },
  {
    id: 'l2-underfits',
    title: 'Too much L2 underfits',
    sentence:
      'With λ = 1 the penalty dominates the loss: the weights collapse toward zero and the network cannot fit even the training set.',
    state: { ...FIT, l2: 1 },
    limit: 1000,
    claims: { has: ['underfitting'], not: ['overfitting'] },
  },
  {
    id: 'vanishing-images',
    title: 'Vanishing on real images',
    sentence:
      'On Fashion-MNIST a 784-300-300-300-300-10 tanh net initialized too small (N(0, 0.01²)) multiplies the gradient by about 0.01·√300 ≈ 0.17 per layer, so the first layer receives a thousandth of it and the net stays at chance.',
    state: { ...REAL, init: 'normal:0.01' },
    limit: 200,
    claims: { has: ['vanishing'], not: ['non-finite'] },
    choices: INIT_CHOICES,
  },
];
