// Reductions for the diagnostics and clipping, in WebAssembly SIMD.
// Plain TypeScript twin: src/core/tensor.ts (sumSquares).
// NOTE: squares are summed in float64 (each float32 square is exact in float64), as the reference does:
// float32 sums of squares underflow for vanishing gradients and lose digits over 10⁵ terms.

/** Σ v[i]² for i < n, accumulated in float64. */
export function sumSquares(v: usize, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(v + ((<usize>i) << 2));
    const lo = f64x2.promote_low_f32x4(x);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
    s0 = f64x2.add(s0, f64x2.mul(lo, lo));
    s1 = f64x2.add(s1, f64x2.mul(hi, hi));
  }
  const s = f64x2.add(s0, s1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const x = <f64>load<f32>(v + ((<usize>i) << 2));
    total += x * x;
  }
  return total;
}
