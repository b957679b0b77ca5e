// WASM twins of the instruments' per-layer sums: one call per Dense layer and one per activation layer
// instead of a call per reduction (at W1's sizes the JS→WASM hop costs more than the arithmetic).
// Anything outside the module memory goes to the plain function. reference: copySquares, denseSums and
// activationSums in src/core/diagnostics/buffer-stats.ts; kernels: assembly/layer-sums.ts.

import { UsageError } from '../../errors.js';
import type { Vec } from '../../tensor.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

/** The shape of buffer-stats.ts's DenseSums: the squares behind a Dense layer's norms. */
export interface DenseSums {
  weight: number;
  update: number;
  grad: number;
  bias: number;
  signal: number;
}

export type FractionKind = 'dead' | 'saturated' | 'none';

/** The shape of buffer-stats.ts's ActivationSums. */
export interface ActivationSums {
  zMean: number;
  zStd: number;
  aMean: number;
  aStd: number;
  meanDerivative: number;
  fraction: number;
}

/**
 * A whole model's denseSums and activationSums in one WASM call (and its snapshot in another): the host
 * records each layer's buffers (cheap when they are the same arrays as last time), then runs them all.
 * Results per layer l at results[11·l …]: DenseSums' weight, update, grad, bias, signal, then
 * ActivationSums' zMean, zStd, aMean, aStd, meanDerivative and the raw count behind `fraction`.
 */
export interface LayerMeter {
  /** record W_l and its snapshot buffer; false when one lies outside the module memory (then call per layer) */
  weights(l: number, w: ArrayLike<number>, before: ArrayLike<number>): boolean;
  /** weights(), plus the gradients and ∂L/∂z of the step */
  dense(
    l: number,
    w: ArrayLike<number>,
    before: ArrayLike<number>,
    dW: ArrayLike<number>,
    db: ArrayLike<number>,
    dz: ArrayLike<number> | null,
    nDz: number,
  ): boolean;
  /** z null (no activation, or no forward yet): NaN moments */
  activation(
    l: number,
    z: ArrayLike<number> | null,
    a: ArrayLike<number>,
    d: ArrayLike<number>,
    B: number,
    N: number,
    kind: FractionKind,
    limit: number,
  ): boolean;
  /** before_l = W_l for every layer (all recorded with weights()); returns Σ W_l² per layer (a view, reused) */
  snapshot(): Float64Array;
  /** every layer's sums (all recorded with dense() and activation()); a view, reused */
  run(hasBefore: boolean): Float64Array;
}

/** The per-layer part of buffer-stats.ts's BufferStats. */
export interface LayerSums {
  /** the fused path for L layers up to maxWidth units wide; absent or null: call per layer */
  layerMeter?(L: number, maxWidth: number): LayerMeter | null;
  snapshotBuffer(w: ArrayLike<number>): Float32Array | Float64Array;
  copySquares(dst: Float32Array | Float64Array, src: ArrayLike<number>, n: number): number;
  denseSums(
    w: ArrayLike<number>,
    before: ArrayLike<number> | null,
    dW: ArrayLike<number>,
    db: ArrayLike<number>,
    dz: ArrayLike<number> | null,
    nDz: number,
    out: DenseSums,
  ): DenseSums;
  activationSums(
    z: ArrayLike<number>,
    a: ArrayLike<number>,
    d: ArrayLike<number>,
    B: number,
    N: number,
    kind: FractionKind,
    limit: number,
    alive: Uint8Array,
    out: ActivationSums,
  ): ActivationSums;
}

const RESULT_BYTES = 6 * 8; // the kernels' float64 results
// the plan's layout, as assembly/layer-sums.ts reads it: SLOT bytes per layer, i32 fields, f64 limit
const SLOT_I32 = 16;
const F = { w: 0, before: 1, nW: 2, dW: 3, db: 4, nB: 5, dz: 6, nDz: 7, z: 8, a: 9, d: 10 } as const;
const ROWS = 11;
const COLS = 12;
const KIND = 13;
const LIMIT_F64 = 7; // f64 index within a slot
const RESULTS = 11;
const KIND_CODE: Record<FractionKind, number> = { none: 0, dead: 1, saturated: 2 };

export function createLayerSums(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
): (plain: LayerSums) => LayerSums {
  return (plain) => {
    const at = arena.take(RESULT_BYTES);
    if (at < 0) return plain;
    const res = new Float64Array(buffer, at, RESULT_BYTES / 8);
    let alive = -1; // byte offset of N i32 column masks
    let aliveCapacity = 0;
    const is = (v: ArrayLike<number>): v is Float32Array => owns(v as Vec);
    const need = (op: string, arg: string, v: ArrayLike<number>, n: number): void => {
      if (v.length < n) throw new UsageError(`wasm.${op}: ${arg}`, `at least ${n} elements`, v.length);
    };

    function layerMeter(L: number, maxWidth: number): LayerMeter | null {
      const planAt = arena.take(L * SLOT_I32 * 4);
      const outAt = arena.take(L * RESULTS * 8);
      const squaresAt = arena.take(L * 8);
      const aliveAt = arena.take(Math.max(1, maxWidth) * 4);
      if (planAt < 0 || outAt < 0 || squaresAt < 0 || aliveAt < 0) return null;
      const plan = new Int32Array(buffer, planAt, L * SLOT_I32);
      const limits = new Float64Array(buffer, planAt, L * (SLOT_I32 / 2));
      const results = new Float64Array(buffer, outAt, L * RESULTS);
      const squares = new Float64Array(buffer, squaresAt, L);
      // the array last recorded in each pointer field: the same array again skips owns() and byteOffset
      const seen: (ArrayLike<number> | null)[] = new Array(L * SLOT_I32).fill(null);
      const put = (i: number, v: ArrayLike<number> | null): boolean => {
        if (seen[i] === v) return true;
        if (v !== null && !is(v)) return false;
        plan[i] = v === null ? 0 : v.byteOffset;
        seen[i] = v;
        return true;
      };
      const weights = (l: number, w: ArrayLike<number>, before: ArrayLike<number>): boolean => {
        const s = l * SLOT_I32;
        if (!(put(s + F.w, w) && put(s + F.before, before))) return false;
        need('snapshotLayers', 'before', before, w.length);
        plan[s + F.nW] = w.length;
        return true;
      };

      return {
        weights,
        dense(l, w, before, dW, db, dz, nDz) {
          const s = l * SLOT_I32;
          if (!(weights(l, w, before) && put(s + F.dW, dW) && put(s + F.db, db) && put(s + F.dz, dz)))
            return false;
          need('denseSums', 'dW', dW, w.length);
          if (dz) need('denseSums', 'dz', dz, nDz);
          plan[s + F.nB] = db.length;
          plan[s + F.nDz] = dz ? nDz : 0;
          return true;
        },
        activation(l, z, a, d, B, N, kind, limit) {
          const s = l * SLOT_I32;
          if (z === null) {
            plan[s + ROWS] = 0;
            plan[s + COLS] = 0;
            plan[s + KIND] = 0;
            return true;
          }
          if (!(put(s + F.z, z) && put(s + F.a, a) && put(s + F.d, d))) return false;
          const n = B * N;
          need('activationSums', 'z', z, n);
          need('activationSums', 'a', a, n);
          need('activationSums', 'd', d, n);
          if (N > maxWidth) throw new UsageError('wasm.activationSums: N', `at most ${maxWidth}`, N);
          plan[s + ROWS] = B;
          plan[s + COLS] = N;
          plan[s + KIND] = KIND_CODE[kind];
          limits[l * (SLOT_I32 / 2) + LIMIT_F64] = limit;
          return true;
        },
        snapshot() {
          wasm.snapshotLayers(planAt, L, squaresAt);
          return squares;
        },
        run(hasBefore) {
          wasm.measureLayers(planAt, L, outAt, hasBefore ? 1 : 0, aliveAt);
          return results;
        },
      };
    }

    return {
      layerMeter,
      snapshotBuffer(w) {
        if (!is(w)) return plain.snapshotBuffer(w);
        const to = arena.take(w.length * 4);
        return to < 0 ? plain.snapshotBuffer(w) : new Float32Array(buffer, to, w.length);
      },
      copySquares(dst, src, n) {
        if (!(is(dst) && is(src))) return plain.copySquares(dst, src, n);
        need('copySquares', 'dst', dst, n);
        need('copySquares', 'src', src, n);
        return wasm.copySquares(dst.byteOffset, src.byteOffset, n);
      },
      denseSums(w, before, dW, db, dz, nDz, out) {
        if (!(is(w) && is(dW) && is(db) && (before === null || is(before)) && (dz === null || is(dz))))
          return plain.denseSums(w, before, dW, db, dz, nDz, out);
        const nW = w.length;
        need('denseSums', 'dW', dW, nW);
        if (before) need('denseSums', 'before', before, nW);
        if (dz) need('denseSums', 'dz', dz, nDz);
        wasm.denseSums(
          at,
          w.byteOffset,
          before ? before.byteOffset : 0,
          before ? 1 : 0,
          nW,
          dW.byteOffset,
          db.byteOffset,
          db.length,
          dz ? dz.byteOffset : 0,
          dz ? nDz : 0,
        );
        out.weight = res[0]!;
        out.update = res[1]!;
        out.grad = res[2]!;
        out.bias = res[3]!;
        out.signal = res[4]!;
        return out;
      },
      activationSums(z, a, d, B, N, kind, limit, scratch, out) {
        const n = B * N;
        if (n === 0 || !(is(z) && is(a) && is(d)))
          return plain.activationSums(z, a, d, B, N, kind, limit, scratch, out);
        need('activationSums', 'z', z, n);
        need('activationSums', 'a', a, n);
        need('activationSums', 'd', d, n);
        if (kind === 'dead' && N > aliveCapacity) {
          const to = arena.take(N * 4);
          if (to < 0) return plain.activationSums(z, a, d, B, N, kind, limit, scratch, out);
          alive = to;
          aliveCapacity = N;
        }
        const code = kind === 'dead' ? 1 : kind === 'saturated' ? 2 : 0;
        wasm.activationSums(at, z.byteOffset, a.byteOffset, d.byteOffset, B, N, code, limit, alive);
        out.zMean = res[0]!;
        out.zStd = res[1]!;
        out.aMean = res[2]!;
        out.aStd = res[3]!;
        out.meanDerivative = res[4]!;
        out.fraction = code === 1 ? res[5]! / N : code === 2 ? res[5]! / n : Number.NaN;
        return out;
      },
    };
  };
}
