// Elementwise activation kernels in WebAssembly SIMD: a = f(z) and d = f'(z) over n floats, and the
// Hadamard product the activation backward applies (dz = da ⊙ f'(z)).
// Plain TypeScript twin: src/core/activations.ts (relu, leaky-relu, tanh) and the activation layer.
// NOTE: NaN propagates as in the reference: max(NaN, 0) = NaN, and (NaN > 0) is false, so f'(NaN) = 0.

/** a = max(z, 0) */
export function reluForward(a: usize, z: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  // NOTE: pmax(z, 0) is z < 0 ? 0 : z, which keeps NaN and −0; adding +0 turns −0 into +0 and leaves
  // every other value exact, so this is max(z, 0) bit for bit, in two instructions where x86 needs
  // about eight for f32x4.max's NaN and signed-zero rules (half the time at W3's shapes).
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(a + o, f32x4.add(f32x4.pmax(v128.load(z + o), zero), zero));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(a + o, Mathf.max(load<f32>(z + o), 0));
  }
}

/** a = z > 0 ? z : slope·z;  d = z > 0 ? 1 : slope (relu is slope 0) */
export function leakyForward(a: usize, z: usize, n: i32, slope: f32): void {
  const zero = f32x4.splat(0);
  const s = f32x4.splat(slope);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const v = v128.load(z + o);
    v128.store(a + o, v128.bitselect(v, f32x4.mul(v, s), f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(z + o);
    store<f32>(a + o, v > 0 ? v : slope * v);
  }
}

export function leakyDerivative(d: usize, z: usize, n: i32, slope: f32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const s = f32x4.splat(slope);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(d + o, v128.bitselect(one, s, f32x4.gt(v128.load(z + o), zero)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(d + o, load<f32>(z + o) > 0 ? 1 : slope);
  }
}

// reference: Eigen's generic_fast_tanh_float — a [13/6] rational approximation on [−c, c]; beyond
// c = 7.9053111 tanh rounds to ±1 in float32. Without FMA it is within 6 ulp (3.6e-7 relative) of
// float32(Math.tanh), measured on 2·10⁶ points over ±[1e-6, 16].
// NOTE: near saturation 1 − a² cancels, so f'(z) = 1 − a² inherits that error ×1/(1 − a²) — as the
// reference does from its own float32 a, only a few ulp more.
// NOTE: for |z| < 0.0004, tanh(z) = z to float32 precision, and returning z keeps tanh(−0) = −0.
const CLAMP: f32 = 7.905311107635498;
const TINY: f32 = 0.0004;
const A1: f32 = 4.89352455891786e-3;
const A3: f32 = 6.37261928875436e-4;
const A5: f32 = 1.48572235717979e-5;
const A7: f32 = 5.12229709037114e-8;
const A9: f32 = -8.60467152213735e-11;
const A11: f32 = 2.00018790482477e-13;
const A13: f32 = -2.76076847742355e-16;
const B0: f32 = 4.89352518554385e-3;
const B2: f32 = 2.268434632439e-3;
const B4: f32 = 1.18534705686654e-4;
const B6: f32 = 1.19825839466702e-6;

function tanh4(z: v128): v128 {
  const x = f32x4.min(f32x4.max(z, f32x4.splat(-CLAMP)), f32x4.splat(CLAMP));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(x2, f32x4.splat(A13)), f32x4.splat(A11));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A9));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A7));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A5));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A3));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A1));
  p = f32x4.mul(x, p);
  let q = f32x4.add(f32x4.mul(x2, f32x4.splat(B6)), f32x4.splat(B4));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(B2));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(B0));
  const t = f32x4.div(p, q);
  return v128.bitselect(z, t, f32x4.lt(f32x4.abs(z), f32x4.splat(TINY)));
}

/** a = tanh(z) */
export function tanhForward(a: usize, z: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(a + o, tanh4(v128.load(z + o)));
  }
  // tail: the same vector code on a splat, so every element takes one code path
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(a + o, f32x4.extract_lane(tanh4(f32x4.splat(load<f32>(z + o))), 0));
  }
}

/** d = 1 − a², a = tanh(z) */
export function tanhDerivative(d: usize, a: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const v = v128.load(a + o);
    v128.store(d + o, f32x4.sub(one, f32x4.mul(v, v)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(a + o);
    store<f32>(d + o, 1 - v * v);
  }
}

/** out = x ⊙ y */
export function mul(out: usize, x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.mul(v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, load<f32>(x + o) * load<f32>(y + o));
  }
}
