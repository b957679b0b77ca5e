// The optimizers' update kernels on the WASM module (assembly/update.ts): one call per step over the
// flat buffers when they all live in the module's memory, else the plain reference loops.
// Either way a call writes its kind and arguments as UPDATE_WORDS words (kind, w, g, buf|m, v, mask, n,
// then the scalars in the kernel's order) and assembly/update.ts's updateFromWords makes the call: at
// once, or, when a fused step (fused.ts) captured the words into its plan, after that step's backward
// pass; kind −1: not capturable.
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
  // the words of a call run now (not captured), in the module's memory for updateFromWords to read
  const wordsAt = arena.take(UPDATE_WORDS * 8);
  const own = wordsAt < 0 ? null : new Float64Array(buffer, wordsAt, UPDATE_WORDS);
  /**
   * the words to write this call's kind and arguments into (the capture's, or this module's own), zeroed;
   * null where the call runs on the plain loops: a buffer outside the module's memory or too short (a
   * captured step records kind −1 then: not capturable)
   * NOTE: the call then writes its arguments once, as words, and allocates nothing either way
   */
  const words = (inside: boolean): Float64Array | null => {
    const to = inside ? (into ?? own) : null;
    if (to !== null) return to.fill(0);
    if (into !== null) into.fill(0)[0] = -1;
    return null;
  };
  /** run the call just written, unless it was captured */
  const run = (): void => {
    if (into === null) wasm.updateFromWords(wordsAt);
  };
  // masks handed out here, by their offset in the memory
  const masks = new WeakMap<Uint8Array, number>();
  const at = (mask: Uint8Array, n: number): number => {
    const o = masks.get(mask);
    return o !== undefined && mask.length >= n ? o : -1;
  };
  /** w, g, buf|m, v, mask, n: the words every kind starts with */
  const head = (
    to: Float64Array,
    kind: number,
    w: Float32Array,
    g: Float32Array,
    mo: number,
    n: number,
  ): void => {
    to[0] = kind;
    to[1] = w.byteOffset;
    to[2] = g.byteOffset;
    to[5] = mo;
    to[6] = n;
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
      const to = words(mo >= 0 && owns(params) && owns(grads) && grads.length >= n);
      if (to === null) {
        if (into === null) referenceUpdate.sgd(params, grads, mask, lr, shrink);
        return;
      }
      head(to, 1, params as Float32Array, grads as Float32Array, mo, n);
      to[7] = lr;
      to[8] = shrink;
      run();
    },
    momentum(params, grads, buf, mask, lr, shrink, mu, nesterov) {
      const n = params.length;
      const mo = at(mask, n);
      const inside = owns(params) && owns(grads) && owns(buf);
      const to = words(mo >= 0 && inside && grads.length >= n && buf.length >= n);
      if (to === null) {
        if (into === null) referenceUpdate.momentum(params, grads, buf, mask, lr, shrink, mu, nesterov);
        return;
      }
      head(to, 2, params as Float32Array, grads as Float32Array, mo, n);
      to[3] = buf.byteOffset;
      to[7] = lr;
      to[8] = shrink;
      to[9] = mu;
      to[10] = nesterov ? 1 : 0;
      run();
    },
    adam(params, grads, m, v, mask, stepSize, bc2Sqrt, beta1, beta2, eps, shrink) {
      const n = params.length;
      const mo = at(mask, n);
      const inside = owns(params) && owns(grads) && owns(m) && owns(v);
      const to = words(mo >= 0 && inside && grads.length >= n && m.length >= n && v.length >= n);
      if (to === null) {
        if (into === null)
          referenceUpdate.adam(params, grads, m, v, mask, stepSize, bc2Sqrt, beta1, beta2, eps, shrink);
        return;
      }
      head(to, 3, params as Float32Array, grads as Float32Array, mo, n);
      to[3] = (m as Float32Array).byteOffset;
      to[4] = (v as Float32Array).byteOffset;
      to[7] = stepSize;
      to[8] = bc2Sqrt;
      to[9] = beta1;
      to[10] = beta2;
      to[11] = eps;
      to[12] = shrink;
      run();
    },
  };
}
