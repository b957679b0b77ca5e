// Reductions the per-step instruments run over layer buffers, in WebAssembly SIMD.
// Plain TypeScript twin: src/core/diagnostics/buffer-stats.ts (moments, deadFraction, fractionBelow).
// NOTE: sums are float64 (each float32 lane is promoted first), as the reference's are.

/** Σ v[i] for i < n, in float64. */
export function sum(v: usize, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(v + ((<usize>i) << 2));
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(x));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)));
  }
  const s = f64x2.add(s0, s1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) total += <f64>load<f32>(v + ((<usize>i) << 2));
  return total;
}

/** Σ (v[i] − mean)² for i < n, in float64: the second pass of a two-pass variance; mean 0 gives Σ v[i]². */
export function sumSquaredDeviations(v: usize, n: i32, mean: f64): f64 {
  const m = f64x2.splat(mean);
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(v + ((<usize>i) << 2));
    const lo = f64x2.sub(f64x2.promote_low_f32x4(x), m);
    const hi = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)), m);
    s0 = f64x2.add(s0, f64x2.mul(lo, lo));
    s1 = f64x2.add(s1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(s0, s1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const d = <f64>load<f32>(v + ((<usize>i) << 2)) - mean;
    total += d * d;
  }
  return total;
}

/**
 * Number of the N columns of z (B rows) with no entry > 0. `alive` is scratch for N i32 lane masks.
 * NOTE: NaN > 0 is false, so a NaN column counts as dead, exactly as in the reference.
 */
export function deadColumns(z: usize, B: i32, N: i32, alive: usize): i32 {
  memory.fill(alive, 0, (<usize>N) << 2);
  const zero = f32x4.splat(0);
  for (let r = 0; r < B; r++) {
    const row = z + ((<usize>(r * N)) << 2);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(alive + o, v128.or(v128.load(alive + o), f32x4.gt(v128.load(row + o), zero)));
    }
    for (; j < N; j++) {
      const o = (<usize>j) << 2;
      if (load<f32>(row + o) > 0) store<i32>(alive + o, -1);
    }
  }
  let dead = 0;
  for (let j = 0; j < N; j++) if (load<i32>(alive + ((<usize>j) << 2)) === 0) dead++;
  return dead;
}

/**
 * Number of i < n with d[i] < limit, as the reference compares: a float32 against a float64 limit.
 * NOTE: for a float32 d, d < limit ⟺ d < up, up = the least float32 ≥ limit (no float32 lies in
 * [limit, up)), so the lanes compare in float32 and the count is exact; NaN is below nothing either way.
 */
export function countBelow(d: usize, n: i32, limit: f64): i32 {
  const up = leastFloat32AtLeast(limit);
  const l = f32x4.splat(up);
  let c = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    // a true lane is all ones (−1), so subtracting the mask counts it
    c = i32x4.sub(c, f32x4.lt(v128.load(d + ((<usize>i) << 2)), l));
  }
  let count =
    i32x4.extract_lane(c, 0) + i32x4.extract_lane(c, 1) + i32x4.extract_lane(c, 2) + i32x4.extract_lane(c, 3);
  for (; i < n; i++) if (load<f32>(d + ((<usize>i) << 2)) < up) count++;
  return count;
}

/** The least float32 ≥ x (x itself when it is one; NaN stays NaN). */
function leastFloat32AtLeast(x: f64): f32 {
  const f = <f32>x; // nearest
  if (!(<f64>f < x)) return f;
  if (f === 0) return reinterpret<f32>(1); // the least positive subnormal
  const bits = reinterpret<i32>(f);
  return reinterpret<f32>(f > 0 ? bits + 1 : bits - 1);
}
