// Weight initializers with their PyTorch / Keras meanings. W is (O, I): fan_in = I, fan_out = O.
// reference: torch.nn.init (xavier_*, kaiming_* with mode='fan_in', nonlinearity='relu', orthogonal_);
// tf.keras.initializers.VarianceScaling(scale=s, mode='fan_in', distribution='untruncated_normal')
// NOTE: PyTorch's normal variants are untruncated (Keras' glorot_normal/he_normal truncate at 2σ);
// we follow PyTorch so that Var(W) is exactly the documented value.

import { UsageError } from './errors.js';
import type { Rng } from './rng.js';
import type { Vec } from './tensor.js';

export const INIT_NAMES = [
  'zeros',
  'normal',
  'uniform',
  'xavier-normal',
  'xavier-uniform',
  'he-normal',
  'he-uniform',
  'lecun-normal',
  'orthogonal',
  'variance-scaling',
] as const;
export type InitName = (typeof INIT_NAMES)[number];

export interface Initializer {
  readonly name: InitName;
  readonly spec: string;
  /** the parameter after ':' (std, bound or gain), if the name takes one */
  readonly param: number | undefined;
  /** Fill w (O·I entries, row-major [O, I]). */
  fill(w: Vec, fanOut: number, fanIn: number, rng: Rng): void;
}

const EXPECTED =
  'one of zeros, normal:<std>, uniform:<a>, xavier-normal, xavier-uniform, he-normal, he-uniform, lecun-normal, orthogonal[:gain], variance-scaling:<s>';

function fillNormal(w: Vec, n: number, std: number, rng: Rng): void {
  for (let i = 0; i < n; i++) w[i] = std * rng.normal();
}

function fillUniform(w: Vec, n: number, a: number, rng: Rng): void {
  for (let i = 0; i < n; i++) w[i] = (2 * rng.next() - 1) * a;
}

/** Orthonormal rows or columns (whichever is fewer) by modified Gram–Schmidt on a Gaussian matrix. */
function fillOrthogonal(w: Vec, rows: number, cols: number, gain: number, rng: Rng): void {
  // Work on the tall orientation: m ≥ k, orthonormalise the k columns of an (m, k) matrix q.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const k = tall ? cols : rows;
  const q = new Float64Array(m * k);
  for (let i = 0; i < m * k; i++) q[i] = rng.normal();
  for (let j = 0; j < k; j++) {
    // two passes of MGS keep the columns orthogonal to float64 precision
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * k + j]! * q[i * k + p]!;
        for (let i = 0; i < m; i++) q[i * k + j] -= dot * q[i * k + p]!;
      }
    }
    let nrm = 0;
    for (let i = 0; i < m; i++) nrm += q[i * k + j]! ** 2;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < m; i++) q[i * k + j] /= nrm;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) w[r * cols + c] = gain * (tall ? q[r * k + c]! : q[c * k + r]!);
  }
}

export function parseInit(spec: string, argument = 'parseInit: spec'): Initializer {
  const [rawName, rawParam, ...rest] = spec.split(':');
  const name = rawName as InitName;
  if (rest.length > 0 || !(INIT_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(argument, EXPECTED, spec);
  }
  let param: number | undefined;
  if (rawParam !== undefined) {
    param = Number(rawParam);
    if (rawParam.trim() === '' || !Number.isFinite(param) || (param < 0 && name !== 'variance-scaling')) {
      throw new UsageError(argument, `${name}:<a non-negative number>`, spec);
    }
    if (name === 'variance-scaling' && !(param > 0)) {
      throw new UsageError(argument, 'variance-scaling:<a scale > 0>', spec);
    }
    if (
      !['normal', 'uniform', 'orthogonal', 'xavier-normal', 'xavier-uniform', 'variance-scaling'].includes(
        name,
      )
    ) {
      throw new UsageError(argument, `${name} without a parameter`, spec);
    }
  }
  const fill = (w: Vec, fanOut: number, fanIn: number, rng: Rng): void => {
    const n = fanOut * fanIn;
    const gain = param ?? 1;
    switch (name) {
      case 'zeros':
        w.fill(0, 0, n);
        return;
      case 'normal':
        fillNormal(w, n, param ?? 0.05, rng);
        return;
      case 'uniform':
        fillUniform(w, n, param ?? 0.05, rng);
        return;
      case 'xavier-normal':
        fillNormal(w, n, gain * Math.sqrt(2 / (fanIn + fanOut)), rng);
        return;
      case 'xavier-uniform':
        fillUniform(w, n, gain * Math.sqrt(6 / (fanIn + fanOut)), rng);
        return;
      case 'he-normal':
        fillNormal(w, n, Math.sqrt(2 / fanIn), rng);
        return;
      case 'he-uniform':
        fillUniform(w, n, Math.sqrt(6 / fanIn), rng);
        return;
      case 'lecun-normal':
        fillNormal(w, n, Math.sqrt(1 / fanIn), rng);
        return;
      case 'orthogonal':
        fillOrthogonal(w, fanOut, fanIn, gain, rng);
        return;
      case 'variance-scaling':
        fillNormal(w, n, Math.sqrt(gain / fanIn), rng);
        return;
    }
  };
  return { name, spec, param, fill };
}

/**
 * σ_w² = Var(W_ij)·fan_in of an initializer on an (O, I) layer, the variance mean-field theory speaks
 * in; orthogonal rows (or columns) of norm `gain` have Var = gain²/max(O, I).
 */
export function weightVariance(init: Initializer, fanOut: number, fanIn: number): number {
  const p = init.param;
  const gain2 = (p ?? 1) ** 2;
  switch (init.name) {
    case 'zeros':
      return 0;
    case 'normal':
      return (p ?? 0.05) ** 2 * fanIn;
    case 'uniform':
      return ((p ?? 0.05) ** 2 / 3) * fanIn;
    case 'xavier-normal':
    case 'xavier-uniform':
      return (gain2 * 2 * fanIn) / (fanIn + fanOut);
    case 'he-normal':
    case 'he-uniform':
      return 2;
    case 'lecun-normal':
      return 1;
    case 'orthogonal':
      return (gain2 * fanIn) / Math.max(fanIn, fanOut);
    case 'variance-scaling':
      return p ?? 1;
  }
}

/** Bias initial values: a constant (the number), or `normal:<σ_b>` = N(0, σ_b²). */
export interface BiasInitializer {
  readonly spec: number | string;
  /** the constant, or null for random biases */
  readonly constant: number | null;
  /** σ_b² of random biases; 0 for the constant 0; null for another constant */
  readonly variance: number | null;
  fill(b: Vec, n: number, rng: Rng): void;
}

/** Parse --bias-init: a number, or `normal:<σ_b>` with σ_b ≥ 0. */
export function parseBiasInit(value: unknown, argument = 'parseBiasInit: value'): BiasInitializer {
  const expected = 'a number, or normal:<σ_b ≥ 0> (biases N(0, σ_b²))';
  if (typeof value === 'string' && value.startsWith('normal:')) {
    const raw = value.slice('normal:'.length);
    const std = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(std) || std < 0)
      throw new UsageError(argument, expected, value);
    return {
      spec: `normal:${std}`,
      constant: null,
      variance: std * std,
      fill: (b, n, rng) => fillNormal(b, n, std, rng),
    };
  }
  const c =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(c)) throw new UsageError(argument, expected, value);
  return { spec: c, constant: c, variance: c === 0 ? 0 : null, fill: (b, n) => b.fill(c, 0, n) };
}
