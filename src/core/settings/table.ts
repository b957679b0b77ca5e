// Every setting once: its flag, its lab label, what it accepts, its default and its help line. The CLI's
// flags, the lab's fields and URL, and the README's flag table are all made from this table; resolve.ts
// applies it, plus the few rules that join two settings (cross.ts).

import { ACTIVATION_NAMES, parseActivation } from '../activations.js';
import { INIT_NAMES, parseBiasInit, parseInit } from '../init.js';
import { GEMM_SPLIT_MIN_FLOPS, MAX_THREADS } from '../kernels/threads.js';
import { NORM_KINDS } from '../layers/optional.js';
import { LIMITS } from '../limits.js';
import { LOSS_NAMES } from '../losses.js';
import { OPTIMIZER_NAMES } from '../optim/optimizer.js';
import { bool, choice, number, or, type Rule, spec, subset, text, widths } from './rules.js';
import type { Setting, SettingKey } from './types.js';

export const MAX_DEPTH = 1000;

/** What a run does at a NaN/Inf (--on-nonfinite). */
export const NON_FINITE_ACTIONS = ['stop', 'skip'] as const;
/** --on-nonfinite skip gives up after this many skipped steps in a row: the run is not recovering */
export const MAX_CONSECUTIVE_SKIPS = 10;
/** Whether a run takes the Jacobian probes at all (--probes). */
export const PROBE_MODES = ['on', 'off'] as const;
export const MAX_WIDTH = 100_000;
/** --features: TensorFlow Playground's input features of x₁, x₂ (src/core/data/features.ts computes them). */
export const FEATURE_NAMES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** How the README shows a default it does not spell out: numbers as they are, names in backticks. */
function shown(value: unknown): string {
  if (value === null || value === false) return 'off';
  return typeof value === 'string' ? `\`${value}\`` : String(value);
}

type Entry<K extends SettingKey> = Omit<Setting<K>, 'flag' | 'defaultText'> & {
  readonly defaultText?: string;
};

function setting<K extends SettingKey>(entry: Entry<K>): Setting<K> {
  return { ...entry, flag: `--${kebab(entry.key)}`, defaultText: entry.defaultText ?? shown(entry.default) };
}

/** --bias-init: a number (as number() parses it), or normal:<σ_b>; the lab shows it as a spec field. */
function biasRule(): Rule<number | string> {
  const constant = number();
  return {
    kind: 'spec',
    names: ['normal'],
    expected: 'a number, or normal:<σ_b ≥ 0>',
    parse(name, value) {
      if (typeof value === 'string' && value.startsWith('normal:')) return parseBiasInit(value, name).spec;
      return constant.parse(name, value);
    },
    format: String,
  };
}

const fraction = number({ min: 0, below: 1 });
const nonNegative = number({ min: 0 });
const positive = number({ above: 0 });
const width = number({ integer: true, min: 1, max: MAX_WIDTH });
/** off (null, or the word none), else c > 0 */
const clip = or('none', null, positive, { named: false });

export const SETTINGS = [
  // ---- data
  setting({
    key: 'data',
    label: 'Dataset',
    group: 'data',
    help: '`circle`, `xor`, `gauss`, `spiral`, `moons` (2-D, binary), `sine` (1-D regression), `fashion-mnist`, `mnist` (28×28 images, 10 classes), `iris` (4 features, 3 classes), or a `.csv` path',
    default: 'circle',
    rule: text(),
  }),
  setting({
    key: 'samples',
    label: 'Samples',
    group: 'data',
    help: 'number of generated samples, 2 to 200,000',
    default: 400,
    rule: number({ integer: true, min: 2, max: 200_000 }),
  }),
  setting({
    key: 'noise',
    label: 'Noise',
    group: 'data',
    help: 'in [0, 1]: jitters points and flips labels near the class boundary',
    default: 0.1,
    rule: number({ min: 0, max: 1 }),
  }),
  setting({
    key: 'dataSeed',
    label: 'Data seed',
    group: 'data',
    help: 'seed of the data draw alone (the generated points, the split, the subsets): new data, the same initialization',
    default: null,
    defaultText: 'the `--seed`',
    rule: or(null, null, number({ integer: true, min: 0, max: Number.MAX_SAFE_INTEGER })),
  }),
  setting({
    key: 'target',
    label: 'Target column',
    group: 'data',
    help: 'CSV target column',
    default: null,
    defaultText: 'the last column',
    rule: or(null, null, text()),
  }),
  setting({
    key: 'valSplit',
    label: 'Validation split',
    group: 'data',
    help: 'held-out validation fraction in [0, 1)',
    default: 0.2,
    rule: fraction,
  }),
  setting({
    key: 'trainSize',
    label: 'Train size',
    group: 'data',
    help: 'train on a seeded subset of N training rows (a small set overfits on purpose)',
    default: null,
    defaultText: 'all',
    rule: or(null, null, number({ integer: true, min: 1 })),
  }),
  setting({
    key: 'valSize',
    label: 'Validation size',
    group: 'data',
    help: 'validate on a seeded subset of N validation rows (Fashion-MNIST validates on its 10,000 test images)',
    default: null,
    defaultText: 'all',
    rule: or(null, null, number({ integer: true, min: 1 })),
  }),
  setting({
    key: 'standardize',
    label: 'Standardize',
    group: 'data',
    help: '`on`: each input feature to mean 0, std 1 over the training rows; `off`: as given (pixels are scaled to [0, 1], x/255)',
    default: 'off',
    rule: choice(['off', 'on'] as const),
  }),
  setting({
    key: 'features',
    label: 'Input features',
    group: 'data',
    help: "the model's inputs, computed from the 2 input columns x1, x2 (after `--standardize`): any of `x1`, `x2`, `x1sq` (x1²), `x2sq`, `x1x2` (x1·x2), `sinx1`, `sinx2`, comma-separated",
    default: null,
    defaultText: 'the input columns as given',
    rule: or(null, null, subset(FEATURE_NAMES)),
  }),
  // ---- network
  setting({
    key: 'depth',
    label: 'Hidden layers (depth)',
    group: 'network',
    help: 'L hidden layers, each of width `--width`; `0` is a linear model (one Dense layer, input → output)',
    default: 2,
    rule: number({ integer: true, min: 0, max: MAX_DEPTH }),
  }),
  setting({
    key: 'width',
    label: 'Width',
    group: 'network',
    help: 'the width W of every hidden layer',
    default: 8,
    rule: width,
  }),
  setting({
    key: 'hidden',
    label: 'Hidden widths',
    group: 'network',
    help: 'explicit widths, e.g. `8,8,4` (instead of `--depth`/`--width`)',
    default: [8, 8],
    defaultText: '',
    rule: widths(width, MAX_DEPTH),
  }),
  setting({
    key: 'activation',
    label: 'Activation',
    group: 'network',
    help: '`linear`, `sigmoid`, `tanh`, `relu`, `leaky-relu` (slope 0.01, or `leaky-relu:<a>`), `elu` (or `elu:<α>`), `gelu` (tanh approximation)',
    default: 'tanh',
    rule: spec(ACTIVATION_NAMES, (t, flag) => parseActivation(t, flag).spec),
  }),
  setting({
    key: 'init',
    label: 'Initializer',
    group: 'network',
    help: '`zeros`, `normal:<std>`, `uniform:<a>` (U(−a, a)), `xavier-normal`, `xavier-uniform` (Var = 2/(fan_in+fan_out)), `he-normal`, `he-uniform` (Var = 2/fan_in), `lecun-normal` (Var = 1/fan_in), `orthogonal[:gain]`, `variance-scaling:<s>` (N(0, s/fan_in), Keras `VarianceScaling` fan_in, untruncated: σ_w² = s)',
    default: 'xavier-normal',
    rule: spec(INIT_NAMES, (t, flag) => parseInit(t, flag).spec),
  }),
  setting({
    key: 'biasInit',
    label: 'Bias init',
    group: 'network',
    help: 'initial value of every bias, or `normal:<σ_b>`: biases drawn from N(0, σ_b²)',
    default: 0,
    // NOTE: a float32 model also needs a constant within the float32 range (cross.ts)
    rule: biasRule(),
  }),
  setting({
    key: 'norm',
    label: 'Normalization',
    group: 'network',
    help: '`none`, `layer` (LayerNorm, ε = 1e-5, learnable gain and bias) or `batch` (BatchNorm, momentum 0.1, eval mode for evaluation) after each hidden Dense, before its activation',
    default: 'none',
    rule: choice(NORM_KINDS),
  }),
  setting({
    key: 'residual',
    label: 'Residual connections',
    group: 'network',
    help: 'each hidden block whose input and output widths match becomes h + s·F(h), F = Dense → [norm] → activation (`--residual-branch 1`); the first block, input → width, is not residual',
    default: false,
    rule: bool(),
  }),
  setting({
    key: 'residualBranch',
    label: 'Residual branch',
    group: 'network',
    help: 'Dense layers in a residual branch F: `1` = f(W h + b); `2` = W₂ f(W₁ h + b₁) + b₂ (Fixup, SkipInit, Hanin & Rolnick), W₂ drawn like every weight',
    default: 1,
    rule: number({ integer: true, min: 1, max: 2 }),
  }),
  setting({
    key: 'residualScale',
    label: 'Residual scale',
    group: 'network',
    help: "s ≥ 0 (0 = SkipInit's α = 0: blocks start as the identity), or `auto` = 1/√(number of residual blocks)",
    default: 1,
    rule: or('auto', 'auto', nonNegative),
  }),
  // ---- training
  setting({
    key: 'loss',
    label: 'Loss',
    group: 'training',
    help: '`mse` (mean over all elements, as PyTorch `MSELoss`), `bce` (on logits, stable), `ce` (softmax cross-entropy on logits, integer labels)',
    default: null,
    defaultText: '`bce` for 2 classes, `ce` for more, `mse` for regression',
    // 'auto' is the lab's word for "chosen from the data"
    rule: or('auto', null, choice(LOSS_NAMES), { named: false }),
  }),
  setting({
    key: 'dtype',
    label: 'Data type',
    group: 'training',
    help: '`float32` or `float64`',
    default: 'float32',
    rule: choice(['float32', 'float64'] as const),
  }),
  setting({
    key: 'batchSize',
    label: 'Batch size',
    group: 'training',
    help: '`full` (batch), `1` (SGD), `b` (minibatch)',
    default: 32,
    rule: or('full', 'full', number({ integer: true, min: 1 })),
  }),
  setting({
    key: 'steps',
    label: 'Steps',
    group: 'training',
    help: 'number of updates; `--steps 0` evaluates at initialization with the gradients of one batch and no update',
    default: null,
    defaultText: '500',
    rule: or(null, null, number({ integer: true, min: 0, max: LIMITS.steps })),
  }),
  setting({
    key: 'epochs',
    label: 'Epochs',
    group: 'training',
    help: 'number of passes over the training set (instead of `--steps`)',
    default: null,
    defaultText: '',
    rule: or(null, null, number({ integer: true, min: 1, max: LIMITS.steps })),
  }),
  setting({
    key: 'lr',
    label: 'Learning rate',
    group: 'training',
    help: 'learning rate η > 0',
    default: 0.1,
    rule: positive,
  }),
  setting({
    key: 'optimizer',
    label: 'Optimizer',
    group: 'training',
    help: '`sgd`, `momentum`, `nesterov`, `adam`, `adamw` (`torch.optim` semantics)',
    default: 'sgd',
    rule: choice(OPTIMIZER_NAMES),
  }),
  setting({
    key: 'momentum',
    label: 'Momentum μ',
    group: 'training',
    help: 'μ for `momentum` and `nesterov`',
    default: 0.9,
    rule: fraction,
  }),
  setting({
    key: 'beta1',
    label: 'Adam β₁',
    group: 'training',
    help: "Adam's β₁",
    default: 0.9,
    rule: fraction,
  }),
  setting({
    key: 'beta2',
    label: 'Adam β₂',
    group: 'training',
    help: "Adam's β₂",
    default: 0.999,
    rule: fraction,
  }),
  setting({
    key: 'eps',
    label: 'Adam ε',
    group: 'training',
    help: "Adam's ε",
    default: 1e-8,
    rule: positive,
  }),
  setting({
    key: 'seed',
    label: 'Seed',
    group: 'training',
    help: 'seed of every random choice (data and split unless `--data-seed`, init, shuffling, dropout)',
    default: 1,
    rule: number({ integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }),
  }),
  // ---- regularization
  setting({
    key: 'l2',
    label: 'L2 λ',
    group: 'regularization',
    help: 'λ of ½λ Σ_k ‖W_k‖²_F over weight matrices (not biases); gradient λW_k (coupled)',
    default: 0,
    rule: nonNegative,
  }),
  setting({
    key: 'l1',
    label: 'L1 λ',
    group: 'regularization',
    help: 'λ of λ Σ_k ‖W_k‖₁; subgradient λ·sign(W), 0 at 0',
    default: 0,
    rule: nonNegative,
  }),
  setting({
    key: 'weightDecay',
    label: 'Weight decay λ',
    group: 'regularization',
    help: 'decoupled decay W ← W − ηλW in the update, Dense weights only; with `adam` this is AdamW',
    default: 0,
    rule: nonNegative,
  }),
  setting({
    key: 'dropout',
    label: 'Dropout p',
    group: 'regularization',
    help: 'inverted dropout p ∈ [0, 1) on hidden activations, training only, seeded',
    default: 0,
    rule: fraction,
  }),
  // ---- clipping
  setting({
    key: 'clipNorm',
    label: 'Clip norm',
    group: 'clipping',
    help: 'clip the global norm of all gradients, as one vector, to c (PyTorch `clip_grad_norm_`: coefficient c/(‖g‖+1e-6), at most 1)',
    default: null,
    rule: clip,
  }),
  setting({
    key: 'clipLayerNorm',
    label: 'Clip layer norm',
    group: 'clipping',
    help: "clip each parameter tensor's norm to c on its own (Keras `clipnorm`)",
    default: null,
    rule: clip,
  }),
  setting({
    key: 'clipValue',
    label: 'Clip value',
    group: 'clipping',
    help: 'clamp each gradient element to [−c, c] (Keras `clipvalue`)',
    default: null,
    rule: clip,
  }),
  // ---- diagnostics
  setting({
    key: 'logEvery',
    label: 'Log every',
    group: 'diagnostics',
    help: 'history (with the per-layer instruments) every k steps, and at steps 1 and last',
    default: 10,
    rule: number({ integer: true, min: 1 }),
  }),
  setting({
    key: 'probeEvery',
    label: 'Probe every',
    group: 'diagnostics',
    help: 'Jacobian probes every k steps; 0 = at initialization and at the end only',
    default: 0,
    rule: number({ integer: true, min: 0 }),
  }),
  setting({
    key: 'probes',
    label: 'Probes',
    group: 'diagnostics',
    help: '`off` skips every Jacobian probe (at init, every --probe-every k steps and at the end); the run document then has none',
    default: 'on',
    rule: choice(PROBE_MODES),
  }),
  setting({
    key: 'onNonfinite',
    label: 'On NaN/Inf',
    group: 'diagnostics',
    help: `at the first NaN/Inf: \`stop\` (keep the weights from before that step), or \`skip\` the step's update and go on (stops after ${MAX_CONSECUTIVE_SKIPS} skips in a row)`,
    default: 'stop',
    rule: choice(NON_FINITE_ACTIONS),
  }),
  // ---- speed
  setting({
    key: 'threads',
    label: 'GEMM threads',
    group: 'training',
    help: `\`1\`, \`2\` (a worker thread takes half of each product of ≥ ${(GEMM_SPLIT_MIN_FLOPS / 1e6).toFixed(1)} MFLOP; the numbers are bit-identical to 1 thread), or \`auto\` (2 when there are ≥ 2 cores and some product of the step is that large); \`gradscope train\` only, the lab runs on 1`,
    default: 1,
    rule: or('auto', 'auto', number({ integer: true, min: 1, max: MAX_THREADS })),
  }),
] as const;

// NOTE: a key of TrainConfig (or depth, width) without an entry is a type error here
type Missing = Exclude<SettingKey, (typeof SETTINGS)[number]['key']>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

/** Every setting key, in the table's order. */
export const SETTING_KEYS: readonly SettingKey[] = SETTINGS.map((s) => s.key);

const BY_KEY = new Map<string, Setting>(SETTINGS.map((s) => [s.key, s as unknown as Setting]));

/** The entry of `key`. */
export function settingOf<K extends SettingKey>(key: K): Setting<K> {
  return BY_KEY.get(key) as unknown as Setting<K>;
}
