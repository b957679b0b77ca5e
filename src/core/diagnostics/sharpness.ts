// Decision-boundary sharpness: ‖∂f/∂x‖₂ over points covering the data, the notes' "sharp edges" as a
// number. f is what the model predicts: σ(logit) for bce, softmax(logits) for ce (f is then a K-vector
// and ‖∂f/∂x‖₂ the spectral norm of its K×D Jacobian), the value itself for mse.
// Points: a 40×40 grid over the padded bounding box for 2D data, 200 points on a line for 1D data,
// the first training points in 3 or more dimensions (at most 1024, and at most SHARPNESS_PASS_BUDGET
// jvp/vjp passes in all, but at least SHARPNESS_MIN_POINTS points: thresholds.ts).
// B = rows in a chunk, D = input width, K = output width.

import type { Dataset } from '../dataset.js';
import type { LossName } from '../losses.js';
import type { Model } from '../model.js';
import { gramTopEigenvalue } from './power.js';
import {
  PROBE_BATCH,
  SHARPNESS_GRID,
  SHARPNESS_LINE,
  SHARPNESS_MAX_POINTS,
  SHARPNESS_MIN_POINTS,
  SHARPNESS_PAD,
  SHARPNESS_PASS_BUDGET,
} from './thresholds.js';

export type SharpnessPoints = 'grid' | 'line' | 'data';

export interface SharpnessResult {
  readonly mean: number;
  readonly max: number;
  readonly points: number;
  readonly over: SharpnessPoints;
  /** what f is: 'probability' (bce, ce) or 'value' (mse) */
  readonly output: 'probability' | 'value';
}

interface PointSet {
  readonly x: Float64Array; // (G, D)
  readonly count: number;
  readonly over: SharpnessPoints;
}

/** Evenly spaced values over [lo, hi] padded by SHARPNESS_PAD of the extent on both sides. */
function axis(lo: number, hi: number, n: number): Float64Array {
  const pad = (hi - lo || 1) * SHARPNESS_PAD;
  const a = lo - pad;
  const step = (hi + pad - a) / (n - 1);
  return Float64Array.from({ length: n }, (_, i) => a + i * step);
}

function range(ds: Dataset, d: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ds.n; i++) {
    const v = ds.x[i * ds.inputDim + d]!;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

/** The points sharpness is measured at, for a model with K outputs (the data-point budget depends on K). */
export function sharpnessPoints(ds: Dataset, K = 1): PointSet {
  const D = ds.inputDim;
  if (D === 1) return { x: axis(...range(ds, 0), SHARPNESS_LINE), count: SHARPNESS_LINE, over: 'line' };
  if (D === 2) {
    const gx = axis(...range(ds, 0), SHARPNESS_GRID);
    const gy = axis(...range(ds, 1), SHARPNESS_GRID);
    const x = new Float64Array(SHARPNESS_GRID * SHARPNESS_GRID * 2);
    for (let i = 0; i < SHARPNESS_GRID; i++) {
      for (let j = 0; j < SHARPNESS_GRID; j++) {
        const p = i * SHARPNESS_GRID + j;
        x[2 * p] = gx[i]!;
        x[2 * p + 1] = gy[j]!;
      }
    }
    return { x, count: SHARPNESS_GRID * SHARPNESS_GRID, over: 'grid' };
  }
  const budget = Math.max(SHARPNESS_MIN_POINTS, Math.floor(SHARPNESS_PASS_BUDGET / Math.min(K, D)));
  const count = Math.min(ds.n, SHARPNESS_MAX_POINTS, budget);
  return { x: ds.x.slice(0, count * D), count, over: 'data' };
}

export interface SharpnessMeter {
  measure(): SharpnessResult;
}

export function createSharpnessMeter(model: Model, ds: Dataset, loss: LossName): SharpnessMeter {
  const { blocks, dtype } = model;
  const D = model.spec.inputDim;
  const K = model.spec.outputDim;
  const pts = sharpnessPoints(ds, K);
  // NOTE: as many points a pass as the probe batch has rows (more for a narrow net: up to 2¹¹ values of its
  // widest layer a pass). Rows past those are memory no step or probe batch touched, and touching fresh
  // memory (a page fault per 4 KiB) can cost more than the pass's flops; a chunk of the model's capacity
  // made the first probe of a run several times dearer than the next on W3.
  const widest = Math.max(D, ...blocks.map((b) => Math.max(b.inDim, b.outDim)));
  const chunk = Math.min(model.capacity, Math.max(PROBE_BATCH, Math.floor(2 ** 11 / widest)));
  // build J_f (K×D per row) from min(K, D) passes: D jvps (columns) or K vjps (rows)
  const byColumns = D <= K;
  // in the kernels' memory, so the jvp/vjp calls read them in place
  const tangent = model.kernels.alloc(dtype, chunk * D); // (B, D) jvp input
  const cotangent = model.kernels.alloc(dtype, chunk * K); // (B, K) vjp input
  const p = new Float64Array(chunk * K); // (B, K) f at the chunk
  const J = new Float64Array(chunk * K * D); // (B, K, D) ∂f/∂x per row
  const t = new Float64Array(K); // scratch: one row's output tangent
  const rowOut = new Float64Array(K); // scratch: T t for one row
  const gram = new Float64Array(Math.min(K, D) ** 2);
  const vec = new Float64Array(2 * Math.min(K, D));

  /** out = T t for one row, T = ∂f/∂logits (symmetric for all three maps) */
  const outputJvp = (row: number, src: ArrayLike<number>, so: number, out: Float64Array): void => {
    const o = row * K;
    if (loss === 'mse') for (let k = 0; k < K; k++) out[k] = src[so + k]!;
    else if (loss === 'bce') for (let k = 0; k < K; k++) out[k] = p[o + k]! * (1 - p[o + k]!) * src[so + k]!;
    else {
      let dot = 0;
      for (let k = 0; k < K; k++) dot += p[o + k]! * src[so + k]!;
      for (let k = 0; k < K; k++) out[k] = p[o + k]! * (src[so + k]! - dot);
    }
  };

  const loadChunk = (start: number, B: number): void => {
    for (let i = 0; i < B * D; i++) model.input[i] = pts.x[start * D + i]!;
    const logits = model.forward(B, 'eval');
    for (let r = 0; r < B; r++) {
      const o = r * K;
      if (loss === 'ce') {
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < K; k++) max = Math.max(max, logits[o + k]!);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(logits[o + k]! - max);
        for (let k = 0; k < K; k++) p[o + k] = Math.exp(logits[o + k]! - max) / sum;
      } else if (loss === 'bce') {
        for (let k = 0; k < K; k++) p[o + k] = 1 / (1 + Math.exp(-logits[o + k]!));
      } else for (let k = 0; k < K; k++) p[o + k] = logits[o + k]!;
    }
  };

  const fillJacobian = (B: number): void => {
    if (byColumns) {
      for (let d = 0; d < D; d++) {
        tangent.fill(0, 0, B * D);
        for (let r = 0; r < B; r++) tangent[r * D + d] = 1;
        let g = tangent as ArrayLike<number>;
        for (const block of blocks) g = block.jvp(g as typeof tangent, B);
        for (let r = 0; r < B; r++) {
          outputJvp(r, g, r * K, t);
          for (let k = 0; k < K; k++) J[(r * K + k) * D + d] = t[k]!;
        }
      }
      return;
    }
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < B; r++) {
        t.fill(0);
        t[k] = 1;
        outputJvp(r, t, 0, rowOut);
        for (let j = 0; j < K; j++) cotangent[r * K + j] = rowOut[j]!;
      }
      let g = cotangent as ArrayLike<number>;
      for (let l = blocks.length - 1; l >= 0; l--) g = blocks[l]!.vjp(g as typeof cotangent, B);
      for (let r = 0; r < B; r++) for (let d = 0; d < D; d++) J[(r * K + k) * D + d] = g[r * D + d]!;
    }
  };

  return {
    measure() {
      let sum = 0;
      let max = 0;
      for (let start = 0; start < pts.count; start += chunk) {
        const B = Math.min(chunk, pts.count - start);
        loadChunk(start, B);
        fillJacobian(B);
        for (let r = 0; r < B; r++) {
          const s = smallSpectralNorm(J, r * K * D, K, D, gram, vec);
          sum += s;
          max = Math.max(max, s);
        }
      }
      return {
        mean: sum / pts.count,
        max,
        points: pts.count,
        over: pts.over,
        output: loss === 'mse' ? 'value' : 'probability',
      };
    },
  };
}

/**
 * ‖M‖₂ of the K×D matrix at J[o…]: a vector norm when K or D is 1, else the top eigenvalue of the smaller
 * Gram matrix (at most min(K, D)² entries, float64).
 */
function smallSpectralNorm(
  J: Float64Array,
  o: number,
  K: number,
  D: number,
  gram: Float64Array,
  vec: Float64Array,
): number {
  if (K === 1 || D === 1) {
    let s = 0;
    for (let i = 0; i < K * D; i++) s += J[o + i]! ** 2;
    return Math.sqrt(s);
  }
  // G = M Mᵀ (K×K) when K ≤ D, else Mᵀ M (D×D)
  const S = Math.min(K, D);
  const rows = K <= D;
  // symmetric: each entry once (a ≤ b), mirrored
  for (let a = 0; a < S; a++) {
    for (let b = a; b < S; b++) {
      let s = 0;
      if (rows) for (let i = 0; i < D; i++) s += J[o + a * D + i]! * J[o + b * D + i]!;
      else for (let i = 0; i < K; i++) s += J[o + i * D + a]! * J[o + i * D + b]!;
      gram[a * S + b] = s;
      gram[b * S + a] = s;
    }
  }
  return Math.sqrt(gramTopEigenvalue(gram, S, vec));
}
