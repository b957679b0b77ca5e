// Activation functions as {forward, derivative} pairs over flat buffers (TensorFlow Playground's
// {output, der}, vectorised). `derivative` writes f'(z) given both z and a = f(z), so sigmoid and tanh
// reuse a instead of recomputing exp.

import { UsageError } from './errors.js';
import type { Vec } from './tensor.js';

export type ActivationName = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'elu' | 'gelu';
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leaky-relu',
  'elu',
  'gelu',
];

export interface Activation {
  readonly name: ActivationName;
  /** canonical spec string, e.g. 'leaky-relu:0.01' */
  readonly spec: string;
  /** max over z of f'(z): the notes' bound (sigmoid 0.25); saturation is measured against it */
  readonly maxDerivative: number;
  /** a[i] = f(z[i]) for i < n */
  forward(a: Vec, z: Vec, n: number): void;
  /** d[i] = f'(z[i]) for i < n */
  derivative(d: Vec, z: Vec, a: Vec, n: number): void;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

function make(
  name: ActivationName,
  spec: string,
  maxDerivative: number,
  f: (z: number) => number,
  df: (z: number, a: number) => number,
): Activation {
  return {
    name,
    spec,
    maxDerivative,
    forward(a, z, n) {
      for (let i = 0; i < n; i++) a[i] = f(z[i]!);
    },
    derivative(d, z, a, n) {
      for (let i = 0; i < n; i++) d[i] = df(z[i]!, a[i]!);
    },
  };
}

// NOTE: ReLU at exactly 0 takes derivative 0, as PyTorch does.
function relu(): Activation {
  return make(
    'relu',
    'relu',
    1,
    (z) => Math.max(z, 0),
    (z) => (z > 0 ? 1 : 0),
  );
}

function leakyRelu(slope: number): Activation {
  return make(
    'leaky-relu',
    `leaky-relu:${slope}`,
    Math.max(1, slope),
    (z) => (z > 0 ? z : slope * z),
    (z) => (z > 0 ? 1 : slope),
  );
}

// NOTE: sigmoid written to avoid exp overflow for large |z|.
function sigmoidScalar(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** GELU, tanh approximation (Hendrycks & Gimpel 2016; PyTorch `approximate='tanh'`). */
function geluScalar(z: number): number {
  return 0.5 * z * (1 + Math.tanh(SQRT_2_OVER_PI * (z + GELU_C * z * z * z)));
}

function geluDerivative(z: number): number {
  const u = SQRT_2_OVER_PI * (z + GELU_C * z * z * z);
  const t = Math.tanh(u);
  const du = SQRT_2_OVER_PI * (1 + 3 * GELU_C * z * z);
  return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du;
}

/** Parse an activation spec: a name, or `leaky-relu:<slope>` / `elu:<alpha>`. */
export function parseActivation(spec: string, argument = 'parseActivation: spec'): Activation {
  const [name, param, ...rest] = spec.split(':');
  const expected = `one of ${ACTIVATION_NAMES.join(', ')} (leaky-relu:<slope>, elu:<alpha>)`;
  if (rest.length > 0) throw new UsageError(argument, expected, spec);
  const p = param === undefined ? undefined : Number(param);
  if (param !== undefined && (param.trim() === '' || !Number.isFinite(p))) {
    throw new UsageError(argument, `${name}:<finite number>`, spec);
  }
  if (p !== undefined && name !== 'leaky-relu' && name !== 'elu')
    throw new UsageError(argument, expected, spec);
  switch (name) {
    case 'linear':
      return make(
        'linear',
        'linear',
        1,
        (z) => z,
        () => 1,
      );
    case 'sigmoid':
      return make('sigmoid', 'sigmoid', 0.25, sigmoidScalar, (_z, a) => a * (1 - a));
    case 'tanh':
      return make('tanh', 'tanh', 1, Math.tanh, (_z, a) => 1 - a * a);
    case 'relu':
      return relu();
    case 'leaky-relu':
      return leakyRelu(p ?? 0.01);
    case 'elu': {
      const alpha = p ?? 1;
      return make(
        'elu',
        alpha === 1 ? 'elu' : `elu:${alpha}`,
        Math.max(1, alpha),
        (z) => (z > 0 ? z : alpha * Math.expm1(z)),
        (z, a) => (z > 0 ? 1 : a + alpha),
      );
    }
    case 'gelu':
      return make('gelu', 'gelu', geluDerivative(1.5), geluScalar, (z) => geluDerivative(z));
    default:
      throw new UsageError(argument, expected, spec);
  }
}
