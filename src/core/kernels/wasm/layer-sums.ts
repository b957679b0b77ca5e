// WASM twins of the instruments' per-layer sums: one call per Dense layer and one per activation layer
// instead of a call per reduction (at W1's sizes the JS→WASM hop costs more than the arithmetic).
// Anything outside the module memory goes to the plain function. reference: copySquares, denseSums and
// activationSums in src/core/kernels/plain-stats.ts; kernels: assembly/layer-sums.ts.

import { UsageError } from '../../errors.js';
import type { Vec } from '../../tensor.js';
import type { ActivationSums, DenseSums, FractionKind, LayerMeter, LayerSums } from '../stats-contract.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

export type { ActivationSums, DenseSums, FractionKind, LayerMeter, LayerSums };

const RESULT_BYTES = 11 * 8; // the kernels' float64 results (measureLayers' scratch)
// the plan's layout, as assembly/layer-sums.ts reads it: SLOT bytes per layer, i32 fields, f64 limit
const SLOT_I32 = 16;
const F = { w: 0, before: 1, nW: 2, dW: 3, db: 4, nB: 5, dz: 6, nDz: 7, z: 8, a: 9, d: 10 } as const;
const ROWS = 11;
const COLS = 12;
const KIND = 13;
const LIMIT_F64 = 7; // f64 index within a slot
const METRICS = 13;
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
      const outAt = arena.take(L * METRICS * 8);
      const squaresAt = arena.take(L * 8);
      const aliveAt = arena.take(Math.max(1, maxWidth) * 4);
      if (planAt < 0 || outAt < 0 || squaresAt < 0 || aliveAt < 0) return null;
      const plan = new Int32Array(buffer, planAt, L * SLOT_I32);
      const limits = new Float64Array(buffer, planAt, L * (SLOT_I32 / 2));
      const widths = new Int32Array(L); // N of each layer's activation (0: none)
      const rows = new Int32Array(L).fill(-1); // B and nDz of the last step() per layer
      const dzCounts = new Int32Array(L);
      // the array last recorded in each pointer field: the same array again skips owns() and byteOffset
      const seen: (ArrayLike<number> | null)[] = new Array(L * SLOT_I32).fill(null);
      const put = (i: number, v: ArrayLike<number> | null): boolean => {
        if (seen[i] === v) return true;
        if (v !== null && !is(v)) return false;
        plan[i] = v === null ? 0 : v.byteOffset;
        seen[i] = v;
        return true;
      };

      return {
        columns: new Float64Array(buffer, outAt, L * METRICS),
        squares: new Float64Array(buffer, squaresAt, L),
        layer(l, w, before, dW, db, a, N, kind, limit) {
          const s = l * SLOT_I32;
          if (!(put(s + F.w, w) && put(s + F.before, before) && put(s + F.dW, dW) && put(s + F.db, db)))
            return false;
          if (!put(s + F.a, a)) return false;
          need('layerMeter', 'before', before, w.length);
          need('layerMeter', 'dW', dW, w.length);
          if (N > maxWidth) throw new UsageError('wasm.layerMeter: N', `at most ${maxWidth}`, N);
          plan[s + F.nW] = w.length;
          plan[s + F.nB] = db.length;
          widths[l] = a ? N : 0;
          plan[s + KIND] = a ? KIND_CODE[kind] : 0;
          limits[l * (SLOT_I32 / 2) + LIMIT_F64] = limit;
          return true;
        },
        step(l, dz, nDz, z, d, B) {
          const s = l * SLOT_I32;
          // the usual step: the same arrays and sizes as the last one, already checked and recorded
          if (
            seen[s + F.dz] === dz &&
            seen[s + F.z] === z &&
            seen[s + F.d] === d &&
            rows[l] === B &&
            dzCounts[l] === nDz
          )
            return true;
          rows[l] = -1; // until recorded
          if (!(put(s + F.dz, dz) && put(s + F.z, z) && put(s + F.d, d))) return false;
          if (dz) need('layerMeter', 'dz', dz, nDz);
          plan[s + F.nDz] = dz ? nDz : 0;
          const N = z && d ? widths[l]! : 0;
          const n = B * N;
          if (N > 0) {
            need('layerMeter', 'z', z!, n);
            need('layerMeter', 'a', seen[s + F.a]!, n);
            need('layerMeter', 'd', d!, n);
          }
          plan[s + ROWS] = N > 0 ? B : 0;
          plan[s + COLS] = N;
          rows[l] = B;
          dzCounts[l] = nDz;
          return true;
        },
        snapshot() {
          wasm.snapshotLayers(planAt, L, squaresAt);
        },
        run(hasBefore, batch) {
          wasm.measureLayers(planAt, L, outAt, squaresAt, aliveAt, at, hasBefore ? 1 : 0, batch);
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
