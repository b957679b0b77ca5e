// The optimizers' update kernels on the WASM module (assembly/update.ts): one call per step over the
// flat buffers when they all live in the module's memory, else the plain reference loops.
// A fused step (fused.ts) captures a call instead of running it: its kind and arguments go into the
// step's plan words (UPDATE_WORDS: kind, w, g, buf|m, v, mask, n, then the scalars as adamUpdate orders
// them), and assembly/step.ts makes the same call after the backward pass; kind −1: not capturable.
// reference: src/core/kernels/update.ts (the twins agree bit for bit).

import type { Vec } from '../../tensor.js';
import { referenceUpdate, type UpdateKernels } from '../update.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

export const UPDATE_WORDS = 13;

export interface WasmUpdate extends UpdateKernels {
  /** while set, calls are recorded into these UPDATE_WORDS words instead of run */
  capture(into: Float64Array | null): void;
}

export function createWasmUpdate(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
): WasmUpdate {
  let into: Float64Array | null = null;
  /** record [kind, w, g, buf|m, v, mask, n, scalars…] (kind −1: not capturable) into the capture words
   * NOTE: callers test `into !== null` first, so a step that is not captured builds no argument array */
  const record = (words: readonly number[]): void => {
    into!.fill(0);
    into!.set(words);
  };
  // masks handed out here, by their offset in the memory
  const masks = new WeakMap<Uint8Array, number>();
  const at = (mask: Uint8Array, n: number): number => {
    const o = masks.get(mask);
    return o !== undefined && mask.length >= n ? o : -1;
  };
  return {
    capture(words) {
      into = words;
    },
    allocMask(n) {
      const o = arena.take(n);
      if (o < 0) return new Uint8Array(n);
      const mask = new Uint8Array(buffer, o, n);
      masks.set(mask, o);
      return mask;
    },
    sgd(params, grads, mask, lr, shrink) {
      const n = params.length;
      const mo = at(mask, n);
      if (mo < 0 || !owns(params) || !owns(grads) || grads.length < n) {
        if (into === null) referenceUpdate.sgd(params, grads, mask, lr, shrink);
        else record([-1]);
        return;
      }
      if (into !== null) return record([1, params.byteOffset, grads.byteOffset, 0, 0, mo, n, lr, shrink]);
      wasm.sgdUpdate(params.byteOffset, grads.byteOffset, mo, n, lr, shrink);
    },
    momentum(params, grads, buf, mask, lr, shrink, mu, nesterov) {
      const n = params.length;
      const mo = at(mask, n);
      if (mo < 0 || !owns(params) || !owns(grads) || !owns(buf) || grads.length < n || buf.length < n) {
        if (into === null) referenceUpdate.momentum(params, grads, buf, mask, lr, shrink, mu, nesterov);
        else record([-1]);
        return;
      }
      const b = buf.byteOffset;
      if (into !== null)
        return record([
          2,
          params.byteOffset,
          grads.byteOffset,
          b,
          0,
          mo,
          n,
          lr,
          shrink,
          mu,
          nesterov ? 1 : 0,
        ]);
      wasm.momentumUpdate(
        params.byteOffset,
        grads.byteOffset,
        buf.byteOffset,
        mo,
        n,
        lr,
        shrink,
        mu,
        nesterov ? 1 : 0,
      );
    },
    adam(params, grads, m, v, mask, stepSize, bc2Sqrt, beta1, beta2, eps, shrink) {
      const n = params.length;
      const mo = at(mask, n);
      const inside = owns(params) && owns(grads) && owns(m) && owns(v);
      if (mo < 0 || !inside || grads.length < n || m.length < n || v.length < n) {
        if (into === null)
          referenceUpdate.adam(params, grads, m, v, mask, stepSize, bc2Sqrt, beta1, beta2, eps, shrink);
        else record([-1]);
        return;
      }
      const w = params.byteOffset;
      const g = grads.byteOffset;
      if (into !== null)
        return record([
          3,
          w,
          g,
          m.byteOffset,
          v.byteOffset,
          mo,
          n,
          stepSize,
          bc2Sqrt,
          beta1,
          beta2,
          eps,
          shrink,
        ]);
      wasm.adamUpdate(
        params.byteOffset,
        grads.byteOffset,
        m.byteOffset,
        v.byteOffset,
        mo,
        n,
        stepSize,
        bc2Sqrt,
        beta1,
        beta2,
        eps,
        shrink,
      );
    },
  };
}
