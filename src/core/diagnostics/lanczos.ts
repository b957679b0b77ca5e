// Golub–Kahan–Lanczos bidiagonalisation for the batched Jacobian norms, one independent run per row:
//   p = J v_k − β_k u_{k−1},  α_k = ‖p‖,  u_k = p / α_k
//   q = Jᵀ u_k − α_k v_k,     β_{k+1} = ‖q‖,  v_{k+1} = q / β_{k+1}
// so that U_kᵀ J V_{k+1} = C_k, the k×(k+1) upper bidiagonal matrix with α on the diagonal and β beside it.
// σ_max(C_k) is the Ritz estimate of ‖J‖₂: a lower bound (C_k is a compression of J) that after the first
// step equals power iteration's ‖Jᵀu‖, and converges far faster than power iteration afterwards (like a
// Chebyshev polynomial of the spectrum instead of its k-th power), exactly once k reaches rank J.
// reference: Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 10.4.1 (Lanczos bidiagonalisation).
// NOTE: no reorthogonalisation: in floating point the vectors lose orthogonality once σ_max has converged,
// which repeats that Ritz value but never pushes it past σ_max (Paige's theory); only σ_max is read.
// B = rows (independent runs), K = the step cap.

/** Per-row α and β of the steps so far, and the Ritz value each row reached. */
export interface BidiagonalRows {
  /** α_k of row r at [k·B + r] */
  readonly alpha: Float64Array;
  /** β_{k+1} of row r at [k·B + r] (the norm that follows α_k) */
  readonly beta: Float64Array;
  /** σ_max of C_k per row */
  readonly sigma: Float64Array;
  /** 1 once a row is finished (its Krylov space is exhausted, or J sent it to 0) */
  readonly done: Uint8Array;
}

export function createBidiagonalRows(B: number, K: number): BidiagonalRows & { readonly K: number } {
  return {
    K,
    alpha: new Float64Array(K * B),
    beta: new Float64Array(K * B),
    sigma: new Float64Array(B),
    done: new Uint8Array(B),
  };
}

/**
 * σ_max of row r's C_k after step k (0-based; k + 1 steps taken), from the (k+1)×(k+1) tridiagonal
 * C Cᵀ: diagonal α_i² + β_{i+1}², off-diagonal α_{i+1}·β_{i+1}. `d`, `e`: scratch of K entries.
 */
export function ritzTop(
  rows: BidiagonalRows,
  B: number,
  r: number,
  k: number,
  d: Float64Array,
  e: Float64Array,
): number {
  const { alpha, beta, sigma } = rows;
  for (let i = 0; i <= k; i++) {
    const a = alpha[i * B + r]!;
    const b = beta[i * B + r]!;
    d[i] = a * a + b * b;
    if (i < k) e[i] = b * alpha[(i + 1) * B + r]!;
  }
  // rows.sigma[r] still holds step k − 1's value: C_{k−1} C_{k−1}ᵀ bordered is this step's matrix
  const start = k > 0 ? borderedTop(sigma[r]! ** 2, e[k - 1]!, d[k]!) : Number.POSITIVE_INFINITY;
  return Math.sqrt(tridiagonalTop(d, e, k + 1, 0, start));
}

/**
 * The largest eigenvalue of the symmetric n×n tridiagonal matrix with diagonal d[0, n) and off-diagonal
 * e[at, at + n − 1) (e[at + i] joins i and i + 1), by Newton's method on det(T − λI) from the Gershgorin
 * upper bound: the polynomial has only real roots, so from above its largest root Newton descends
 * monotonically to it. `start`, when given, is a tighter upper bound to descend from (borderedTop's).
 */
export function tridiagonalTop(
  d: Float64Array,
  e: Float64Array,
  n: number,
  at = 0,
  start = Number.POSITIVE_INFINITY,
): number {
  let bound = 0;
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? Math.abs(e[at + i - 1]!) : 0;
    const right = i < n - 1 ? Math.abs(e[at + i]!) : 0;
    bound = Math.max(bound, Math.abs(d[i]!) + left + right);
  }
  if (n === 1 || bound === 0) return n === 1 ? d[0]! : 0;
  if (!Number.isFinite(bound)) return Number.NaN;
  // NOTE: in units of the bound, so the determinant (a degree-n polynomial) neither over- nor underflows
  const unit = 1 / bound;
  let lambda = Math.min(1, start * unit);
  for (let it = 0; it < 200; it++) {
    // p_i = det of the leading i×i block of T − λI, and its derivative in λ
    let p0 = 1;
    let p1 = d[0]! * unit - lambda;
    let dp0 = 0;
    let dp1 = -1;
    for (let i = 1; i < n; i++) {
      const ei = e[at + i - 1]! * unit;
      const e2 = ei * ei;
      const di = d[i]! * unit - lambda;
      const p2 = di * p1 - e2 * p0;
      const dp2 = di * dp1 - p1 - e2 * dp0;
      p0 = p1;
      p1 = p2;
      dp0 = dp1;
      dp1 = dp2;
    }
    const step = p1 / dp1;
    // NOTE: rounding can make a step point the wrong way at the root itself: stop when it stops descending
    if (!(step > 0) || !Number.isFinite(step)) break;
    lambda -= step;
    if (step <= 1e-15 * Math.abs(lambda)) break;
  }
  return lambda * bound;
}

/**
 * An upper bound of λ_max of the symmetric matrix T bordered by a last row (off-diagonal e, diagonal d),
 * given λ_max(T) ≤ top: the top eigenvalue of [[top, e], [e, d]]. A Lanczos step borders the previous
 * step's tridiagonal so, and from this bound Newton needs a few steps instead of descending from
 * Gershgorin's. (From the secular equation: λ' − d = Σ_i e² z_i² / (λ' − λ_i) ≤ e² / (λ' − top).)
 * The factor 1 + 1e-12 keeps it above the root when `top` itself was rounded down.
 */
export function borderedTop(top: number, e: number, d: number): number {
  return ((top + d) / 2 + Math.hypot((top - d) / 2, e)) * (1 + 1e-12);
}
