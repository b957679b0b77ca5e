// Float64 reductions over the first n entries of a layer buffer, written into a caller-owned result so
// the per-step instruments allocate nothing.
// NOTE: every sum is float64 even for float32 buffers: vanishing signals of 1e-20 square to 1e-40, below
// float32's normal range, and a float32 running sum of 10⁴ terms loses digits.

import type {
  ActivationSums,
  BufferStats,
  DenseSums,
  FractionKind,
  LayerMeter,
  Moments,
} from './stats-contract.js';

export type { ActivationSums, BufferStats, DenseSums, FractionKind, LayerMeter, Moments };

export function moments(v: ArrayLike<number>, n: number, out: Moments): Moments {
  if (n === 0) {
    out.mean = Number.NaN;
    out.std = Number.NaN;
    return out;
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i]!;
  const mean = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const d = v[i]! - mean;
    q += d * d;
  }
  out.mean = mean;
  out.std = Math.sqrt(q / n);
  return out;
}

/**
 * Fraction of the N units (columns of z, B rows) with z ≤ 0 on every row: units whose ReLU passes no
 * gradient for any example. `alive` is scratch of length ≥ N.
 */
export function deadFraction(z: ArrayLike<number>, B: number, N: number, alive: Uint8Array): number {
  if (B === 0 || N === 0) return Number.NaN;
  alive.fill(0, 0, N);
  for (let r = 0; r < B; r++) {
    const o = r * N;
    for (let j = 0; j < N; j++) if (z[o + j]! > 0) alive[j] = 1;
  }
  let dead = 0;
  for (let j = 0; j < N; j++) if (alive[j] === 0) dead++;
  return dead / N;
}

/** Fraction of the n entries of d below `limit` (f'(z) < 5% of max f': a saturated unit-activation). */
export function fractionBelow(d: ArrayLike<number>, n: number, limit: number): number {
  if (n === 0) return Number.NaN;
  let c = 0;
  for (let i = 0; i < n; i++) if (d[i]! < limit) c++;
  return c / n;
}

/** dst[i] = src[i] for i < n (the snapshot of W); returns Σ src[i]² (‖W_before‖²), float64, in index order. */
export function copySquares(dst: Float32Array | Float64Array, src: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    dst[i] = v;
    s += v * v;
  }
  return s;
}

/** Every sum a Dense layer's instruments need, each float64 in index order (as norm2 forms it). */
export function denseSums(
  w: ArrayLike<number>,
  before: ArrayLike<number> | null,
  dW: ArrayLike<number>,
  db: ArrayLike<number>,
  dz: ArrayLike<number> | null,
  nDz: number,
  out: DenseSums,
): DenseSums {
  let sq = 0;
  let dsq = 0;
  if (before) {
    // one pass for ‖W‖² and ‖W − W_before‖²
    for (let i = 0; i < w.length; i++) {
      const v = w[i]!;
      const dv = v - before[i]!;
      sq += v * v;
      dsq += dv * dv;
    }
  } else dsq = Number.NaN;
  out.weight = before ? sq : sumSquares(w, w.length);
  out.update = dsq;
  out.grad = sumSquares(dW, dW.length);
  out.bias = sumSquares(db, db.length);
  out.signal = dz ? sumSquares(dz, nDz) : 0;
  return out;
}

function sumSquares(v: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i]! * v[i]!;
  return s;
}

const scratch: Moments = { mean: 0, std: 0 }; // activationSums' private scratch: a call allocates nothing

/** z, a and f' moments and the kind's fraction in one call; `alive` is deadFraction's scratch. */
export function activationSums(
  z: ArrayLike<number>,
  a: ArrayLike<number>,
  d: ArrayLike<number>,
  B: number,
  N: number,
  kind: FractionKind,
  limit: number,
  alive: Uint8Array,
  out: ActivationSums,
): ActivationSums {
  const n = B * N;
  const m = scratch;
  moments(z, n, m);
  out.zMean = m.mean;
  out.zStd = m.std;
  moments(a, n, m);
  out.aMean = m.mean;
  out.aStd = m.std;
  out.meanDerivative = moments(d, n, m).mean;
  out.fraction =
    kind === 'dead'
      ? deadFraction(z, B, N, alive)
      : kind === 'saturated'
        ? fractionBelow(d, n, limit)
        : Number.NaN;
  return out;
}

export const plainBufferStats: BufferStats = {
  moments,
  deadFraction,
  fractionBelow,
  snapshotBuffer: (w) => new Float64Array(w.length),
  copySquares,
  denseSums,
  activationSums,
};
