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

/** The reductions the instruments call; a kernel set may supply faster twins with the same contract. */
export interface BufferStats {
  moments(v: ArrayLike<number>, n: number, out: Moments): Moments;
  deadFraction(z: ArrayLike<number>, B: number, N: number, alive: Uint8Array): number;
  fractionBelow(d: ArrayLike<number>, n: number, limit: number): number;
}

export const plainBufferStats: BufferStats = { moments, deadFraction, fractionBelow };
