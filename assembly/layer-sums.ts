// The instruments' per-layer sums in one call per layer (the JS→WASM hop, not the arithmetic, is what a
// small layer pays). Plain TypeScript twin: src/core/diagnostics/buffer-stats.ts (copySquares, denseSums,
// activationSums).
// NOTE: every sum is float64 (each float32 lane promoted first) over SIMD partial sums, so results match
// the reference to float64 rounding, not bit for bit; counts (dead columns, f' below the limit) are exact.

import { countBelow, deadColumns, sumSquaredDeviations } from './stats';

// the squares of x's float32 lanes 0, 1 (lo) and 2, 3 (hi) in float64, and the sum of two partial sums
function squaresLo(x: v128): v128 {
  const lo = f64x2.promote_low_f32x4(x);
  return f64x2.mul(lo, lo);
}

function squaresHi(x: v128): v128 {
  const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
  return f64x2.mul(hi, hi);
}

function total(lo: v128, hi: v128): f64 {
  const s = f64x2.add(lo, hi);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** dst[i] = src[i] for i < n (float32); returns Σ src[i]² in float64. */
export function copySquares(dst: usize, src: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const x = v128.load(src + o);
    v128.store(dst + o, x);
    lo = f64x2.add(lo, squaresLo(x));
    hi = f64x2.add(hi, squaresHi(x));
  }
  let s = total(lo, hi);
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(src + o);
    store<f32>(dst + o, v);
    s += <f64>v * <f64>v;
  }
  return s;
}

/**
 * A Dense layer after a step, into out (5 float64): Σ w², Σ (w − before)² (NaN unless hasBefore),
 * Σ dW², Σ db², Σ dz². w, before and dW hold nW floats, db nB, dz nDz.
 * NOTE: float64 sums over 4 interleaved partial sums (SIMD), so they differ from the reference's
 * index-order sums by float64 rounding only (relative ≤ n·2⁻⁵³).
 */
export function denseSums(
  out: usize,
  w: usize,
  before: usize,
  hasBefore: i32,
  nW: i32,
  dW: usize,
  db: usize,
  nB: i32,
  dz: usize,
  nDz: i32,
): void {
  let sqLo = f64x2.splat(0);
  let sqHi = f64x2.splat(0);
  let dLo = f64x2.splat(0);
  let dHi = f64x2.splat(0);
  let gLo = f64x2.splat(0);
  let gHi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= nW; i += 4) {
    const o = (<usize>i) << 2;
    const x = v128.load(w + o);
    const g = v128.load(dW + o);
    sqLo = f64x2.add(sqLo, squaresLo(x));
    sqHi = f64x2.add(sqHi, squaresHi(x));
    gLo = f64x2.add(gLo, squaresLo(g));
    gHi = f64x2.add(gHi, squaresHi(g));
    if (hasBefore) {
      const p = v128.load(before + o);
      const lo = f64x2.sub(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(p));
      const hi = f64x2.sub(
        f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)),
        f64x2.promote_low_f32x4(v128.shuffle<f32>(p, p, 2, 3, 0, 1)),
      );
      dLo = f64x2.add(dLo, f64x2.mul(lo, lo));
      dHi = f64x2.add(dHi, f64x2.mul(hi, hi));
    }
  }
  let sq = total(sqLo, sqHi);
  let dsq = total(dLo, dHi);
  let gsq = total(gLo, gHi);
  for (; i < nW; i++) {
    const o = (<usize>i) << 2;
    const v = <f64>load<f32>(w + o);
    const g = <f64>load<f32>(dW + o);
    sq += v * v;
    gsq += g * g;
    if (hasBefore) {
      const dv = v - <f64>load<f32>(before + o);
      dsq += dv * dv;
    }
  }
  store<f64>(out, sq);
  store<f64>(out, hasBefore ? dsq : NaN, 8);
  store<f64>(out, gsq, 16);
  store<f64>(out, sumSquaredDeviations(db, nB, 0), 24);
  store<f64>(out, sumSquaredDeviations(dz, nDz, 0), 32);
}

/**
 * An activation layer's buffers over B rows of N units (n = B·N), into out (6 float64): mean and std of
 * z, of a, mean of f'(z) (NaN for n = 0), then the number of dead columns of z (kind 1: rectifiers; see
 * deadColumns, `alive` is its scratch) or of f' entries below `limit` (kind 2: squashing), else 0.
 * The three means share one pass and the two deviations another (independent float64 chains).
 */
export function activationSums(
  out: usize,
  z: usize,
  a: usize,
  d: usize,
  B: i32,
  N: i32,
  kind: i32,
  limit: f64,
  alive: usize,
): void {
  const n = B * N;
  if (n === 0) {
    for (let k = 0; k < 5; k++) store<f64>(out + ((<usize>k) << 3), NaN);
    store<f64>(out, 0, 40);
    return;
  }
  let zLo = f64x2.splat(0);
  let zHi = f64x2.splat(0);
  let aLo = f64x2.splat(0);
  let aHi = f64x2.splat(0);
  let dLo = f64x2.splat(0);
  let dHi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const x = v128.load(z + o);
    const y = v128.load(a + o);
    const g = v128.load(d + o);
    zLo = f64x2.add(zLo, f64x2.promote_low_f32x4(x));
    zHi = f64x2.add(zHi, f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)));
    aLo = f64x2.add(aLo, f64x2.promote_low_f32x4(y));
    aHi = f64x2.add(aHi, f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1)));
    dLo = f64x2.add(dLo, f64x2.promote_low_f32x4(g));
    dHi = f64x2.add(dHi, f64x2.promote_low_f32x4(v128.shuffle<f32>(g, g, 2, 3, 0, 1)));
  }
  let zs = total(zLo, zHi);
  let as = total(aLo, aHi);
  let ds = total(dLo, dHi);
  for (let j = i; j < n; j++) {
    const o = (<usize>j) << 2;
    zs += <f64>load<f32>(z + o);
    as += <f64>load<f32>(a + o);
    ds += <f64>load<f32>(d + o);
  }
  const zMean = zs / n;
  const aMean = as / n;
  const zm = f64x2.splat(zMean);
  const am = f64x2.splat(aMean);
  zLo = f64x2.splat(0);
  zHi = f64x2.splat(0);
  aLo = f64x2.splat(0);
  aHi = f64x2.splat(0);
  for (let j = 0; j < i; j += 4) {
    const o = (<usize>j) << 2;
    const x = v128.load(z + o);
    const y = v128.load(a + o);
    const zl = f64x2.sub(f64x2.promote_low_f32x4(x), zm);
    const zh = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)), zm);
    const al = f64x2.sub(f64x2.promote_low_f32x4(y), am);
    const ah = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1)), am);
    zLo = f64x2.add(zLo, f64x2.mul(zl, zl));
    zHi = f64x2.add(zHi, f64x2.mul(zh, zh));
    aLo = f64x2.add(aLo, f64x2.mul(al, al));
    aHi = f64x2.add(aHi, f64x2.mul(ah, ah));
  }
  let zq = total(zLo, zHi);
  let aq = total(aLo, aHi);
  for (let j = i; j < n; j++) {
    const o = (<usize>j) << 2;
    const dz = <f64>load<f32>(z + o) - zMean;
    const da = <f64>load<f32>(a + o) - aMean;
    zq += dz * dz;
    aq += da * da;
  }
  store<f64>(out, zMean);
  store<f64>(out, Math.sqrt(zq / n), 8);
  store<f64>(out, aMean, 16);
  store<f64>(out, Math.sqrt(aq / n), 24);
  store<f64>(out, ds / n, 32);
  let count = 0;
  if (kind === 1) count = deadColumns(z, B, N, alive);
  else if (kind === 2) count = countBelow(d, n, limit);
  store<f64>(out, <f64>count, 40);
}

// A model's layers for the fused calls below: SLOT bytes per layer, i32 fields at these byte offsets
// (written by the host, src/core/kernels/wasm/layer-sums.ts), the saturation limit as f64 at LIMIT.
const W = 0;
const BEFORE = 4;
const NW = 8;
const DW = 12;
const DB = 16;
const NB = 20;
const DZ = 24;
const NDZ = 28;
const Z = 32;
const A = 36;
const D = 40;
const ROWS = 44;
const COLS = 48;
const KIND = 52;
const LIMIT = 56;
const SLOT: usize = 64;

/** The snapshot of every layer: before_l = W_l, squares[l] = Σ W_l². */
export function snapshotLayers(plan: usize, L: i32, squares: usize): void {
  for (let l = 0; l < L; l++) {
    const p = plan + <usize>l * SLOT;
    const s = copySquares(load<i32>(p + BEFORE), load<i32>(p + W), load<i32>(p + NW));
    store<f64>(squares + ((<usize>l) << 3), s);
  }
}

// The instruments' columns (src/core/diagnostics/instruments.ts, METRICS order): metric m of layer l at
// cols[m·L + l].
const WEIGHT_NORM = 0;
const GRAD_NORM = 1;
const BIAS_GRAD_NORM = 2;
const UPDATE_RATIO = 3;
const SIGNAL = 4;
const SIGNAL_RATIO = 5;
const Z_MEAN = 6;
const DEAD = 11;
const SATURATED = 12;

/** address of metric m of layer l */
function col(cols: usize, L: i32, m: i32, l: i32): usize {
  return cols + ((<usize>(m * L + l)) << 3);
}

/**
 * Every layer's instruments, finished: denseSums and activationSums of each layer in the plan (scratch:
 * 11 float64), then the norms, ‖ΔW‖/‖W_before‖ (squares: the snapshot's Σ W²), the per-example signal
 * sqrt(batch)·‖dz‖, its ratio to the next layer's, the moments and the kind's fraction, NaN where a
 * layer has nothing to measure, as createInstruments' per-layer path writes them.
 */
export function measureLayers(
  plan: usize,
  L: i32,
  cols: usize,
  squares: usize,
  alive: usize,
  scratch: usize,
  hasBefore: i32,
  batch: i32,
): void {
  for (let l = 0; l < L; l++) {
    const p = plan + <usize>l * SLOT;
    denseSums(
      scratch,
      load<i32>(p + W),
      load<i32>(p + BEFORE),
      hasBefore,
      load<i32>(p + NW),
      load<i32>(p + DW),
      load<i32>(p + DB),
      load<i32>(p + NB),
      load<i32>(p + DZ),
      load<i32>(p + NDZ),
    );
    const B = load<i32>(p + ROWS);
    const N = load<i32>(p + COLS);
    const kind = load<i32>(p + KIND);
    activationSums(
      scratch + 40,
      load<i32>(p + Z),
      load<i32>(p + A),
      load<i32>(p + D),
      B,
      N,
      kind,
      load<f64>(p + LIMIT),
      alive,
    );
    store<f64>(col(cols, L, WEIGHT_NORM, l), Math.sqrt(load<f64>(scratch)));
    const before = Math.sqrt(load<f64>(squares + ((<usize>l) << 3)));
    store<f64>(col(cols, L, UPDATE_RATIO, l), hasBefore ? Math.sqrt(load<f64>(scratch, 8)) / before : NaN);
    store<f64>(col(cols, L, GRAD_NORM, l), Math.sqrt(load<f64>(scratch, 16)));
    store<f64>(col(cols, L, BIAS_GRAD_NORM, l), Math.sqrt(load<f64>(scratch, 24)));
    // no dz (or batch 0) records nDz = 0: a signal of 0
    store<f64>(col(cols, L, SIGNAL, l), Math.sqrt(<f64>batch) * Math.sqrt(load<f64>(scratch, 32)));
    for (let k = 0; k < 5; k++)
      store<f64>(col(cols, L, Z_MEAN + k, l), load<f64>(scratch + 40 + ((<usize>k) << 3)));
    // NOTE: NaN compares false with everything, so a non-finite z would count as dead or saturated
    const zMean = load<f64>(scratch, 40);
    const count = load<f64>(scratch, 80);
    const finite = zMean - zMean === 0;
    store<f64>(col(cols, L, DEAD, l), kind === 1 && finite ? count / <f64>N : NaN);
    store<f64>(col(cols, L, SATURATED, l), kind === 2 && finite ? count / <f64>(B * N) : NaN);
  }
  for (let l = 0; l < L; l++) {
    const next = l + 1 < L ? load<f64>(col(cols, L, SIGNAL, l + 1)) : 0;
    store<f64>(col(cols, L, SIGNAL_RATIO, l), next > 0 ? load<f64>(col(cols, L, SIGNAL, l)) / next : NaN);
  }
}
