// The training configuration: every setting, its default, and its validation, in one place shared by
// the library, the CLI and the web lab. Input values may be numbers or the strings a CLI receives.

import { parseActivation } from './activations.js';
import { parseDecimal } from './decimal.js';
import { UsageError } from './errors.js';
import { parseInit } from './init.js';
import { NORM_KINDS, type NormKind } from './layers/optional.js';
import { LIMITS, parameterCount } from './limits.js';
import { LOSS_NAMES, type LossName } from './losses.js';
import { OPTIMIZER_NAMES, type OptimizerName } from './optim/optimizer.js';
import type { DType } from './tensor.js';

export interface TrainConfig {
  /** generator name (circle, xor, gauss, spiral, moons, sine) or a CSV path */
  readonly data: string;
  readonly samples: number;
  readonly noise: number;
  readonly valSplit: number;
  readonly target: string | null;
  readonly hidden: readonly number[];
  readonly activation: string;
  readonly init: string;
  readonly biasInit: number;
  /** null = chosen from the data: bce for 2 classes, ce for more, mse for regression */
  readonly loss: LossName | null;
  readonly dtype: DType;
  readonly batchSize: number | 'full';
  readonly steps: number | null;
  readonly epochs: number | null;
  readonly lr: number;
  readonly optimizer: OptimizerName;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly l2: number;
  readonly l1: number;
  readonly weightDecay: number;
  readonly clipNorm: number | null;
  readonly clipLayerNorm: number | null;
  readonly clipValue: number | null;
  readonly norm: NormKind;
  readonly residual: boolean;
  readonly residualScale: number | 'auto';
  readonly dropout: number;
  readonly seed: number;
  readonly logEvery: number;
  /** run the Jacobian probes every k steps (0 = only at init and at the end) */
  readonly probeEvery: number;
}

export type ConfigInput = { [K in keyof TrainConfig]?: TrainConfig[K] | string } & {
  depth?: number | string;
  width?: number | string;
};

export const DEFAULTS: TrainConfig = {
  data: 'circle',
  samples: 400,
  noise: 0.1,
  valSplit: 0.2,
  target: null,
  hidden: [8, 8],
  activation: 'tanh',
  init: 'xavier-normal',
  biasInit: 0,
  loss: null,
  dtype: 'float32',
  batchSize: 32,
  steps: null,
  epochs: null,
  lr: 0.1,
  optimizer: 'sgd',
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  l2: 0,
  l1: 0,
  weightDecay: 0,
  clipNorm: null,
  clipLayerNorm: null,
  clipValue: null,
  norm: 'none',
  residual: false,
  residualScale: 1,
  dropout: 0,
  seed: 1,
  logEvery: 10,
  probeEvery: 0,
};

/** steps when neither --steps nor --epochs is given */
export const DEFAULT_STEPS = 500;

interface NumberRule {
  min?: number;
  /** min is exclusive */
  above?: number;
  max?: number;
  /** max is exclusive */
  below?: number;
  integer?: boolean;
  /** why the range is what it is, e.g. 'the float32 range' */
  why?: string;
  /** a word the flag also accepts, e.g. 'full' for --batch-size */
  or?: string;
}

/** The largest finite float32: --bias-init 1e308 would be Inf in a float32 model before the first step. */
const FLOAT32_MAX = 3.4028234663852886e38;

function describe(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`≥ ${rule.min}`);
  if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  if (rule.below !== undefined) parts.push(`< ${rule.below}`);
  const range = parts.length ? `${kind} ${parts.join(' and ')}` : kind;
  const text = rule.or ? `${rule.or} or ${range}` : range;
  return rule.why ? `${text} (${rule.why})` : text;
}

export function parseNumber(flag: string, value: number | string, rule: NumberRule = {}): number {
  // NOTE: JS callers of the library may pass anything; only numbers and decimal strings are numbers.
  const n = typeof value === 'number' ? value : typeof value === 'string' ? parseDecimal(value) : Number.NaN;
  const ok =
    Number.isFinite(n) &&
    (!rule.integer || Number.isInteger(n)) &&
    (rule.min === undefined || n >= rule.min) &&
    (rule.above === undefined || n > rule.above) &&
    (rule.max === undefined || n <= rule.max) &&
    (rule.below === undefined || n < rule.below);
  if (!ok) throw new UsageError(flag, describe(rule), value);
  return n;
}

function oneOf<T extends string>(flag: string, value: string, names: readonly T[]): T {
  if (!(names as readonly string[]).includes(value))
    throw new UsageError(flag, `one of ${names.join(', ')}`, value);
  return value as T;
}

function optionalPositive(flag: string, value: number | string | null | undefined): number | null {
  if (value === undefined || value === null || value === 'none') return null;
  return parseNumber(flag, value, { above: 0 });
}

function parseBool(flag: string, value: boolean | string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '') return true;
  if (value === 'false') return false;
  throw new UsageError(flag, 'true or false', value);
}

const MAX_DEPTH = 1000;
const MAX_WIDTH = 100_000;

function resolveHidden(input: ConfigInput): number[] {
  if (input.hidden !== undefined) {
    if (input.depth !== undefined || input.width !== undefined) {
      throw new UsageError(
        '--hidden',
        'either --hidden or --depth/--width, not both',
        '--hidden with --depth/--width',
      );
    }
    const hidden: unknown = input.hidden;
    if (typeof hidden !== 'string' && !Array.isArray(hidden)) {
      throw new UsageError('--hidden', 'widths such as 8,8,4 (or an array of integers)', String(hidden));
    }
    const text = typeof hidden === 'string' ? hidden : hidden.join(',');
    const widths = text
      .split(',')
      .map((w) => parseNumber('--hidden', w, { integer: true, min: 1, max: MAX_WIDTH }));
    if (widths.length > MAX_DEPTH)
      throw new UsageError('--hidden', `at most ${MAX_DEPTH} widths`, widths.length);
    return checkHiddenSize('--hidden', widths);
  }
  const depth = parseNumber('--depth', input.depth ?? DEFAULTS.hidden.length, {
    integer: true,
    min: 1,
    max: MAX_DEPTH,
  });
  const width = parseNumber('--width', input.width ?? DEFAULTS.hidden[0]!, {
    integer: true,
    min: 1,
    max: MAX_WIDTH,
  });
  return checkHiddenSize(
    input.width === undefined ? '--depth' : '--width',
    Array.from({ length: depth }, () => width),
  );
}

// The hidden layers alone must fit LIMITS.parameters; checkRunSize adds the input and output layers.
function checkHiddenSize(flag: string, hidden: number[]): number[] {
  const params = parameterCount(hidden);
  if (params > LIMITS.parameters) {
    throw new UsageError(
      flag,
      `a network of at most ${LIMITS.parameters} parameters`,
      `${params} in the hidden layers ${hidden.length > 8 ? `${hidden.length} × ${hidden[0]}` : hidden.join('-')}`,
    );
  }
  return hidden;
}

/** Resolve defaults and validate every field; throws UsageError naming the flag. */
export function resolveConfig(input: ConfigInput = {}): TrainConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError('resolveConfig: input', 'an object of settings', String(input));
  }
  const num = (key: keyof TrainConfig & keyof ConfigInput, flag: string, rule: NumberRule): number =>
    parseNumber(flag, (input[key] as number | string | undefined) ?? (DEFAULTS[key] as number), rule);
  const activation = parseActivation(String(input.activation ?? DEFAULTS.activation), '--activation').spec;
  const init = parseInit(String(input.init ?? DEFAULTS.init), '--init').spec;
  const batchRaw = input.batchSize ?? DEFAULTS.batchSize;
  const batchSize =
    batchRaw === 'full'
      ? 'full'
      : parseNumber('--batch-size', batchRaw, { integer: true, min: 1, or: 'full' });
  const steps =
    input.steps === undefined || input.steps === null
      ? null
      : parseNumber('--steps', input.steps, { integer: true, min: 0, max: LIMITS.steps });
  const epochs =
    input.epochs === undefined || input.epochs === null
      ? null
      : parseNumber('--epochs', input.epochs, { integer: true, min: 1, max: LIMITS.steps });
  if (steps !== null && epochs !== null)
    throw new UsageError(
      '--epochs',
      'either --steps or --epochs, not both',
      `--steps ${steps} --epochs ${epochs}`,
    );
  const residualScaleRaw = input.residualScale ?? DEFAULTS.residualScale;
  const dtype = oneOf('--dtype', String(input.dtype ?? DEFAULTS.dtype), ['float32', 'float64'] as const);
  const inRange: NumberRule =
    dtype === 'float32' ? { min: -FLOAT32_MAX, max: FLOAT32_MAX, why: 'the float32 range' } : {};
  const loss =
    input.loss === undefined || input.loss === null ? null : oneOf('--loss', String(input.loss), LOSS_NAMES);
  const target = input.target === undefined || input.target === null ? null : String(input.target);
  return {
    data: String(input.data ?? DEFAULTS.data),
    samples: num('samples', '--samples', { integer: true, min: 2, max: 200_000 }),
    noise: num('noise', '--noise', { min: 0, max: 1 }),
    valSplit: num('valSplit', '--val-split', { min: 0, below: 1 }),
    target,
    hidden: resolveHidden(input),
    activation,
    init,
    biasInit: num('biasInit', '--bias-init', inRange),
    loss,
    dtype,
    batchSize,
    steps,
    epochs,
    lr: num('lr', '--lr', { above: 0 }),
    optimizer: oneOf('--optimizer', String(input.optimizer ?? DEFAULTS.optimizer), OPTIMIZER_NAMES),
    momentum: num('momentum', '--momentum', { min: 0, below: 1 }),
    beta1: num('beta1', '--beta1', { min: 0, below: 1 }),
    beta2: num('beta2', '--beta2', { min: 0, below: 1 }),
    eps: num('eps', '--eps', { above: 0 }),
    l2: num('l2', '--l2', { min: 0 }),
    l1: num('l1', '--l1', { min: 0 }),
    weightDecay: num('weightDecay', '--weight-decay', { min: 0 }),
    clipNorm: optionalPositive('--clip-norm', input.clipNorm),
    clipLayerNorm: optionalPositive('--clip-layer-norm', input.clipLayerNorm),
    clipValue: optionalPositive('--clip-value', input.clipValue),
    norm: oneOf('--norm', String(input.norm ?? DEFAULTS.norm), NORM_KINDS),
    residual: parseBool('--residual', input.residual ?? DEFAULTS.residual),
    residualScale:
      residualScaleRaw === 'auto'
        ? 'auto'
        : parseNumber('--residual-scale', residualScaleRaw, { above: 0, or: 'auto' }),
    dropout: num('dropout', '--dropout', { min: 0, below: 1 }),
    seed: num('seed', '--seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }),
    logEvery: num('logEvery', '--log-every', { integer: true, min: 1 }),
    probeEvery: num('probeEvery', '--probe-every', { integer: true, min: 0 }),
  };
}
