// The Jacobian probe's Gram path (src/core/diagnostics/block-gram.ts): symmetric Lanczos on
// A_r = D̂_r G D̂_r for every probe row r, one call per step after the host's gemm y = x G over all rows:
// the rows' vector recurrences, their Ritz values (Newton on the tridiagonal's determinant) and each
// row's own stopping test.
// Specification: the plain loop of block-gram.ts (measure), whose steps, stopping rule and Ritz solve
// this restates; src/core/kernels/wasm/lanczos.test.ts holds the two to the same values.
// NOTE: tridiagonalTop and borderedTop restate src/core/diagnostics/lanczos.ts's on purpose: the module is
// compiled on its own and cannot import the TypeScript.
// NOTE: the Lanczos vectors q and prev are float64 here (float32 buffers there), so the twins agree to
// float32 rounding, not bit for bit; the gemm's x and y are float32 in both.
// B = rows, O = the block's output width, K = the step cap.

/**
 * Start every row: c_r = max_o |fp[r,o]| (fp = 0: no activation, c = 1), dh = fp / c_r, q = the float32
 * unit rows of q0, prev = 0, x = dh ⊙ q (the first gemm's input), σ = 0; a row with c_r = 0 or not
 * finite is done (2) from the start.
 */
export function gramLanczosStart(
  fp: usize,
  q0: usize,
  B: i32,
  O: i32,
  scale: usize,
  dh: usize,
  q: usize,
  prev: usize,
  x: usize,
  sigma: usize,
  done: usize,
): void {
  for (let r = 0; r < B; r++) {
    const row = <usize>r * <usize>O;
    let c: f64 = 1;
    if (fp) {
      c = 0;
      for (let o: usize = 0; o < <usize>O; o++)
        c = Math.max(c, Math.abs(<f64>load<f32>(fp + ((row + o) << 2))));
    }
    const live = c > 0 && finite(c);
    store<f64>(scale + ((<usize>r) << 3), c);
    store<f64>(sigma + ((<usize>r) << 3), 0);
    store<u8>(done + <usize>r, live ? 0 : 2);
    for (let o: usize = 0; o < <usize>O; o++) {
      const i = row + o;
      const f: f64 = fp && live ? <f64>load<f32>(fp + (i << 2)) / c : 1;
      const qo = <f64>load<f32>(q0 + (i << 2));
      store<f64>(dh + (i << 3), f);
      store<f64>(q + (i << 3), qo);
      store<f64>(prev + (i << 3), 0);
      store<f32>(x + (i << 2), <f32>(f * qo));
    }
  }
}

/**
 * Step k of every running row, after the gemm y = x G: w = dh ⊙ y − β_{k−1} q_{k−1}, α_k = w·q_k,
 * w −= α_k q_k, β_k = ‖w‖, prev = q_{k+1} = w / β_k and x = dh ⊙ q_{k+1} (the next gemm's input), then
 * the row's Ritz value σ. A row is done (2) once its Krylov space is exhausted or σ moved by at most tol
 * relative (after two steps). Returns the rows still running. alpha, beta: (K, B) f64; ritz: 2K f64.
 */
export function gramLanczosStep(
  y: usize,
  dh: usize,
  q: usize,
  prev: usize,
  x: usize,
  alpha: usize,
  beta: usize,
  sigma: usize,
  done: usize,
  B: i32,
  O: i32,
  k: i32,
  K: i32,
  tol: f64,
  ritz: usize,
): i32 {
  let running = 0;
  const d = ritz;
  const e = ritz + ((<usize>K) << 3);
  for (let r = 0; r < B; r++) {
    if (load<u8>(done + <usize>r)) continue;
    const row = <usize>r * <usize>O;
    const b0: f64 = k > 0 ? load<f64>(beta + ((<usize>((k - 1) * B + r)) << 3)) : 0;
    // two lanes at a time (float64x2), then the odd last unit
    const O2 = <usize>O & ~(<usize>1);
    const bb = f64x2.splat(b0);
    let acc = f64x2.splat(0);
    let o: usize = 0;
    for (; o < O2; o += 2) {
      const i = row + o;
      const yv = f64x2.promote_low_f32x4(v128.load64_zero(y + (i << 2)));
      const w = f64x2.sub(f64x2.mul(v128.load(dh + (i << 3)), yv), f64x2.mul(bb, v128.load(prev + (i << 3))));
      v128.store(prev + (i << 3), w);
      acc = f64x2.add(acc, f64x2.mul(w, v128.load(q + (i << 3))));
    }
    let a = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; o < <usize>O; o++) {
      const i = row + o;
      const w = load<f64>(dh + (i << 3)) * <f64>load<f32>(y + (i << 2)) - b0 * load<f64>(prev + (i << 3));
      store<f64>(prev + (i << 3), w);
      a += w * load<f64>(q + (i << 3));
    }
    const av = f64x2.splat(a);
    acc = f64x2.splat(0);
    for (o = 0; o < O2; o += 2) {
      const i = row + o;
      const w = f64x2.sub(v128.load(prev + (i << 3)), f64x2.mul(av, v128.load(q + (i << 3))));
      v128.store(prev + (i << 3), w);
      acc = f64x2.add(acc, f64x2.mul(w, w));
    }
    let ss = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; o < <usize>O; o++) {
      const i = row + o;
      const w = load<f64>(prev + (i << 3)) - a * load<f64>(q + (i << 3));
      store<f64>(prev + (i << 3), w);
      ss += w * w;
    }
    const b = Math.sqrt(ss);
    const at = (<usize>(k * B + r)) << 3;
    store<f64>(alpha + at, a);
    store<f64>(beta + at, b);
    // a norm at rounding level of the step: the Krylov space is exhausted (k = rank of the row's matrix)
    const exhausted = !(b > 1e-6 * (Math.abs(a) + b0));
    if (!exhausted) {
      const inv = 1 / b;
      const iv = f64x2.splat(inv);
      for (o = 0; o < O2; o += 2) {
        const i = row + o;
        const v = f64x2.mul(v128.load(prev + (i << 3)), iv);
        v128.store(prev + (i << 3), v);
        v128.store64_lane(x + (i << 2), f32x4.demote_f64x2_zero(f64x2.mul(v128.load(dh + (i << 3)), v)), 0);
      }
      for (; o < <usize>O; o++) {
        const i = row + o;
        const v = load<f64>(prev + (i << 3)) * inv;
        store<f64>(prev + (i << 3), v);
        store<f32>(x + (i << 2), <f32>(load<f64>(dh + (i << 3)) * v));
      }
    }
    const before = load<f64>(sigma + ((<usize>r) << 3));
    const next = Math.sqrt(Math.max(0, ritzTop(alpha, beta, B, r, k, before, d, e)));
    store<f64>(sigma + ((<usize>r) << 3), next);
    if (exhausted || (k > 0 && Math.abs(next - before) <= tol * next)) store<u8>(done + <usize>r, 2);
    else running++;
  }
  return running;
}

/** Row r's λ_max after step k: α_0..α_k on the diagonal, β_0..β_{k−1} beside it; `sigma`: step k − 1's √λ. */
function ritzTop(alpha: usize, beta: usize, B: i32, r: i32, k: i32, sigma: f64, d: usize, e: usize): f64 {
  for (let i = 0; i <= k; i++) {
    const at = (<usize>(i * B + r)) << 3;
    store<f64>(d + ((<usize>i) << 3), load<f64>(alpha + at));
    if (i < k) store<f64>(e + ((<usize>i) << 3), load<f64>(beta + at));
  }
  const start =
    k > 0
      ? borderedTop(sigma * sigma, load<f64>(e + ((<usize>(k - 1)) << 3)), load<f64>(d + ((<usize>k) << 3)))
      : Infinity;
  return tridiagonalTop(d, e, k + 1, start);
}

/** lanczos.ts's borderedTop: λ_max of [[top, e], [e, d]], a little above it. */
function borderedTop(top: f64, e: f64, d: f64): f64 {
  return ((top + d) / 2 + Math.hypot((top - d) / 2, e)) * (1 + 1e-12);
}

/** lanczos.ts's tridiagonalTop: Newton on det(T − λI) from min(Gershgorin's bound, start), descending. */
function tridiagonalTop(d: usize, e: usize, n: i32, start: f64): f64 {
  let bound: f64 = 0;
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? Math.abs(load<f64>(e + ((<usize>(i - 1)) << 3))) : 0;
    const right = i < n - 1 ? Math.abs(load<f64>(e + ((<usize>i) << 3))) : 0;
    bound = Math.max(bound, Math.abs(load<f64>(d + ((<usize>i) << 3))) + left + right);
  }
  if (n === 1) return load<f64>(d);
  if (bound === 0) return 0;
  if (!finite(bound)) return NaN;
  const unit = 1 / bound;
  let lambda = Math.min(1, start * unit);
  for (let it = 0; it < 200; it++) {
    let p0: f64 = 1;
    let p1 = load<f64>(d) * unit - lambda;
    let dp0: f64 = 0;
    let dp1: f64 = -1;
    for (let i = 1; i < n; i++) {
      const ei = load<f64>(e + ((<usize>(i - 1)) << 3)) * unit;
      const e2 = ei * ei;
      const di = load<f64>(d + ((<usize>i) << 3)) * unit - lambda;
      const p2 = di * p1 - e2 * p0;
      const dp2 = di * dp1 - p1 - e2 * dp0;
      p0 = p1;
      p1 = p2;
      dp0 = dp1;
      dp1 = dp2;
    }
    const step = p1 / dp1;
    if (!(step > 0) || !finite(step)) break;
    lambda -= step;
    if (step <= 1e-15 * Math.abs(lambda)) break;
  }
  return lambda * bound;
}

/** x is neither ±∞ nor NaN (∞ − ∞ and NaN − NaN are NaN). */
function finite(x: f64): bool {
  return x - x === 0;
}
