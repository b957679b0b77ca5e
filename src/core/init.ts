// Weight initializers with their PyTorch / Keras meanings. W is (O, I): fan_in = I, fan_out = O.
// reference: torch.nn.init (xavier_*, kaiming_* with mode='fan_in', nonlinearity='relu', orthogonal_)
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
  'one of zeros, normal:<std>, uniform:<a>, xavier-normal, xavier-uniform, he-normal, he-uniform, lecun-normal, orthogonal[:gain]';

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
    if (rawParam.trim() === '' || !Number.isFinite(param) || param < 0) {
      throw new UsageError(argument, `${name}:<a non-negative number>`, spec);
    }
    if (!['normal', 'uniform', 'orthogonal', 'xavier-normal', 'xavier-uniform'].includes(name)) {
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
    }
  };
  return { name, spec, param, fill };
}
