// The optimizers' update kernels on the WASM module (assembly/update.ts): one call per step over the
// flat buffers when they all live in the module's memory, else the plain reference loops.
// reference: src/core/kernels/update.ts (the twins agree bit for bit).

import type { Vec } from '../../tensor.js';
import { referenceUpdate, type UpdateKernels } from '../update.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

export function createWasmUpdate(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
): UpdateKernels {
  // masks handed out here, by their offset in the memory
  const masks = new WeakMap<Uint8Array, number>();
  const at = (mask: Uint8Array, n: number): number => {
    const o = masks.get(mask);
    return o !== undefined && mask.length >= n ? o : -1;
  };
  return {
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
      if (mo < 0 || !owns(params) || !owns(grads) || grads.length < n)
        return referenceUpdate.sgd(params, grads, mask, lr, shrink);
      wasm.sgdUpdate(params.byteOffset, grads.byteOffset, mo, n, lr, shrink);
    },
    momentum(params, grads, buf, mask, lr, shrink, mu, nesterov) {
      const n = params.length;
      const mo = at(mask, n);
      if (mo < 0 || !owns(params) || !owns(grads) || !owns(buf) || grads.length < n || buf.length < n)
        return referenceUpdate.momentum(params, grads, buf, mask, lr, shrink, mu, nesterov);
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
      if (mo < 0 || !inside || grads.length < n || m.length < n || v.length < n)
        return referenceUpdate.adam(params, grads, m, v, mask, stepSize, bc2Sqrt, beta1, beta2, eps, shrink);
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
