// Float64 reductions over the first n entries of a layer buffer, written into a caller-owned result so
// the per-step instruments allocate nothing.
// NOTE: every sum is float64 even for float32 buffers: vanishing signals of 1e-20 square to 1e-40, below
// float32's normal range, and a float32 running sum of 10⁴ terms loses digits.

/** Mean and (population) standard deviation; two passes, so |mean| ≫ std does not cancel. */
export interface Moments {
  mean: number;
  std: number;
}

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

/** The squares behind one Dense layer's norms after a step; the instruments take the square roots. */
export interface DenseSums {
  /** Σ w² */
  weight: number;
  /** Σ (w − before)²; NaN without a snapshot */
  update: number;
  /** Σ dW² */
  grad: number;
  /** Σ db² */
  bias: number;
  /** Σ dz² over the first nDz entries (0 without dz) */
  signal: number;
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

/** Which fraction of an activation layer the instruments report. */
export type FractionKind = 'dead' | 'saturated' | 'none';

/** An activation layer's statistics over B·N entries (NaN when B·N = 0). */
export interface ActivationSums {
  zMean: number;
  zStd: number;
  aMean: number;
  aStd: number;
  meanDerivative: number;
  /** deadFraction of z ('dead'), fractionBelow(f', limit) ('saturated'), or NaN ('none') */
  fraction: number;
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

/**
 * The fused twin of the instruments' per-layer path over a whole model (one call per measure; see
 * src/core/kernels/wasm/layer-sums.ts): record each layer's buffers once and each step's, then run() writes every metric into
 * `columns` (metric m of layer l at [m·L + l], instruments.ts METRICS order), from the snapshot's `squares`.
 */
export interface LayerMeter {
  readonly columns: Float64Array;
  /** Σ W_l² of the last snapshot */
  readonly squares: Float64Array;
  /** the buffers bound for the model's life, once per layer; false: measure per layer instead */
  layer(
    l: number,
    w: ArrayLike<number>,
    before: ArrayLike<number>,
    dW: ArrayLike<number>,
    db: ArrayLike<number>,
    a: ArrayLike<number> | null,
    N: number,
    kind: FractionKind,
    limit: number,
  ): boolean;
  /** the step's dz, z and f' of layer l; false: measure this step per layer */
  step(
    l: number,
    dz: ArrayLike<number> | null,
    nDz: number,
    z: ArrayLike<number> | null,
    d: ArrayLike<number> | null,
    B: number,
  ): boolean;
  snapshot(): void;
  run(hasBefore: boolean, batch: number): void;
}

/** The reductions the instruments call; a kernel set may supply faster twins with the same contract. */
export interface BufferStats {
  /** optional fused path for L layers up to maxWidth wide (null or absent: the per-layer calls) */
  layerMeter?(L: number, maxWidth: number): LayerMeter | null;
  moments(v: ArrayLike<number>, n: number, out: Moments): Moments;
  deadFraction(z: ArrayLike<number>, B: number, N: number, alive: Uint8Array): number;
  fractionBelow(d: ArrayLike<number>, n: number, limit: number): number;
  /** where snapshot() keeps a copy of `w` (holding it exactly) */
  snapshotBuffer(w: ArrayLike<number>): Float32Array | Float64Array;
  copySquares: typeof copySquares;
  denseSums: typeof denseSums;
  activationSums: typeof activationSums;
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
