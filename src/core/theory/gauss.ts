// Gaussian expectations E_{z~N(0,1)}[g(z)] by Gauss–Hermite quadrature.
// reference: Numerical Recipes §4.6 `gauher` (the orthonormal Hermite recurrence and its weights);
// E[g(z)] = Σ w_i/√π · g(√2 x_i) for the physicists' nodes x_i and weights w_i of e^{−x²}.
// NOTE: quadrature is exact for polynomials of degree < 2n and geometric for functions analytic in a
// strip (tanh, sigmoid, GELU); a kink (ReLU at 0) converges only algebraically, so kinked activations
// use closed forms (closed-forms.ts) instead.

export interface GaussRule {
  /** nodes for N(0, 1): z_i = √2 x_i */
  readonly z: Float64Array;
  /** probability weights, Σ = 1 */
  readonly w: Float64Array;
}

/**
 * Points of the one-dimensional rule: E[g] to 1e-8 against a brute-force sum for tanh's moments at
 * q ≤ 4 (gauss.test.ts); steeper integrands (q ≫ 10) converge more slowly.
 */
export const GAUSS_POINTS = 401;
/** Points per axis of the two-dimensional (c-map) rule, as the reference values used. */
export const PAIR_POINTS = 201;

const cache = new Map<number, GaussRule>();

/** Gauss–Hermite rule of n points for the standard normal, computed once per n. */
export function gaussRule(n: number = GAUSS_POINTS): GaussRule {
  const hit = cache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const wx = new Float64Array(n);
  // NOTE: NR's extrapolated starting guesses send Newton back to the largest root for n ≳ 150, so the
  // roots are bracketed on a grid finer than their smallest spacing (≈ π/√(2n), at the centre), bisected
  // to the last bit, and the weights read from the derivative there: w = 2 / H̃_n'(x)².
  const top = Math.sqrt(2 * n + 1) + 1;
  const step = Math.PI / Math.sqrt(2 * n + 1) / 8;
  let found = 0;
  let a = n % 2 === 1 ? step / 2 : 0; // odd n: 0 is a root, found at the end
  let fa = hermite(n, a).p;
  for (let b = a + step; b <= top && found < Math.floor(n / 2); b += step) {
    const fb = hermite(n, b).p;
    if (fa === 0 || Math.sign(fa) !== Math.sign(fb)) {
      let lo = a;
      let hi = b;
      const flo = Math.sign(fa);
      for (let it = 0; it < 200 && hi - lo > 0; it++) {
        const mid = (lo + hi) / 2;
        if (mid === lo || mid === hi) break;
        if (Math.sign(hermite(n, mid).p) === flo) lo = mid;
        else hi = mid;
      }
      const root = (lo + hi) / 2;
      const dp = hermite(n, root).dp;
      x[found] = root;
      wx[found] = 2 / (dp * dp);
      x[n - 1 - found] = -root;
      wx[n - 1 - found] = wx[found]!;
      found++;
    }
    a = b;
    fa = fb;
  }
  if (n % 2 === 1) {
    const dp = hermite(n, 0).dp;
    x[found] = 0;
    wx[found] = 2 / (dp * dp);
  }
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = Math.SQRT2 * x[i]!;
    w[i] = wx[i]! / Math.sqrt(Math.PI);
  }
  const rule = { z, w };
  cache.set(n, rule);
  return rule;
}

/** E_{z~N(0,1)}[g(z)]. */
export function gaussMean(g: (z: number) => number, rule: GaussRule = gaussRule()): number {
  let s = 0;
  for (let i = 0; i < rule.z.length; i++) s += rule.w[i]! * g(rule.z[i]!);
  return s;
}

/** E[g(z1, z2)] over two independent standard normals (a product rule). */
export function gaussMean2(
  g: (z1: number, z2: number) => number,
  rule: GaussRule = gaussRule(PAIR_POINTS),
): number {
  let s = 0;
  const n = rule.z.length;
  for (let i = 0; i < n; i++) {
    const wi = rule.w[i]!;
    if (wi < 1e-300) continue;
    let inner = 0;
    for (let j = 0; j < n; j++) inner += rule.w[j]! * g(rule.z[i]!, rule.z[j]!);
    s += wi * inner;
  }
  return s;
}

/** The orthonormal Hermite polynomial H̃_n(x) (weight e^{−x²}) and its derivative √(2n)·H̃_{n−1}(x). */
function hermite(n: number, x: number): { p: number; dp: number } {
  let p1 = Math.PI ** -0.25;
  let p2 = 0;
  for (let j = 1; j <= n; j++) {
    const p3 = p2;
    p2 = p1;
    p1 = x * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
  }
  return { p: p1, dp: Math.sqrt(2 * n) * p2 };
}
