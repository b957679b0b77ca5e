// The optimizers' update loops over the flat parameter buffer, in WebAssembly.
// Plain TypeScript twin: src/core/kernels/update.ts. Both compute each element in float64 from the float32
// inputs and round once on store, so the two agree bit for bit (WebAssembly never fuses a multiply-add).
// P = parameters; mask[i] = 1 where decoupled weight decay applies (a byte per parameter).

/** W ← (mask ? W·shrink : W) − lr·g */
export function sgdUpdate(w: usize, g: usize, mask: usize, n: i32, lr: f64, shrink: f64): void {
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const p = <f64>load<f32>(w + o);
    const d = load<u8>(mask + <usize>i) ? p * shrink : p;
    store<f32>(w + o, <f32>(d - lr * <f64>load<f32>(g + o)));
  }
}

/** buf ← μ·buf + g;  W ← (mask ? W·shrink : W) − lr·(nesterov ? g + μ·buf : buf) */
export function momentumUpdate(
  w: usize,
  g: usize,
  buf: usize,
  mask: usize,
  n: i32,
  lr: f64,
  shrink: f64,
  mu: f64,
  nesterov: bool,
): void {
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = <f64>load<f32>(g + o);
    const b = mu * <f64>load<f32>(buf + o) + gi;
    store<f32>(buf + o, <f32>b);
    const p = <f64>load<f32>(w + o);
    const d = load<u8>(mask + <usize>i) ? p * shrink : p;
    store<f32>(w + o, <f32>(d - lr * (nesterov ? gi + mu * b : b)));
  }
}

/** m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  W ← (mask ? W·shrink : W) − stepSize·m / (√v / bc2Sqrt + ε) */
export function adamUpdate(
  w: usize,
  g: usize,
  m: usize,
  v: usize,
  mask: usize,
  n: i32,
  stepSize: f64,
  bc2Sqrt: f64,
  beta1: f64,
  beta2: f64,
  eps: f64,
  shrink: f64,
): void {
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = <f64>load<f32>(g + o);
    const mi = beta1 * <f64>load<f32>(m + o) + (1 - beta1) * gi;
    const vi = beta2 * <f64>load<f32>(v + o) + (1 - beta2) * gi * gi;
    store<f32>(m + o, <f32>mi);
    store<f32>(v + o, <f32>vi);
    const p = <f64>load<f32>(w + o);
    const d = load<u8>(mask + <usize>i) ? p * shrink : p;
    store<f32>(w + o, <f32>(d - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps)));
  }
}

// The host's capture layout (src/core/kernels/wasm/update.ts, UPDATE_WORDS f64 words): kind (1 sgd,
// 2 momentum, 3 adam; anything else: no update), w, g, buf|m, v, mask, n, then the scalars in the
// order the kernel above takes them.
function word(at: usize, i: i32): f64 {
  return load<f64>(at + ((<usize>i) << 3));
}

function ptr(at: usize, i: i32): usize {
  return <usize>load<f64>(at + ((<usize>i) << 3));
}

/** the update the words at `at` name, with their arguments (one call on the per-call path; the fused step's plan) */
export function updateFromWords(at: usize): void {
  const kind = <i32>word(at, 0);
  const w = ptr(at, 1);
  const g = ptr(at, 2);
  const mask = ptr(at, 5);
  const n = <i32>word(at, 6);
  if (kind === 1) sgdUpdate(w, g, mask, n, word(at, 7), word(at, 8));
  else if (kind === 2)
    momentumUpdate(w, g, ptr(at, 3), mask, n, word(at, 7), word(at, 8), word(at, 9), word(at, 10) !== 0);
  else if (kind === 3)
    adamUpdate(
      w,
      g,
      ptr(at, 3),
      ptr(at, 4),
      mask,
      n,
      word(at, 7),
      word(at, 8),
      word(at, 9),
      word(at, 10),
      word(at, 11),
      word(at, 12),
    );
}
