// The losses' forward and gradient on the WASM module (assembly/loss.ts): logits and dLogits in the
// module's memory are read and written in place; the batch's float64 targets are staged into it (B·T
// values a step). Anything else takes the plain loss.
// reference: src/core/losses.ts (mse bit for bit; bce and ce to the last bit of exp/log).

import type { Vec } from '../../tensor.js';
import type { LossForwardBackward } from '../types.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

export function createWasmLoss(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
): (name: string, plain: LossForwardBackward) => LossForwardBackward {
  let staged: Float64Array = new Float64Array(0); // the batch's targets, inside the memory
  const stage = (targets: ArrayLike<number>, n: number): number => {
    if (n > staged.length) {
      const at = arena.take(n * 8);
      if (at < 0) return -1;
      staged = new Float64Array(buffer, at, n);
    }
    for (let i = 0; i < n; i++) staged[i] = targets[i]!;
    return staged.byteOffset;
  };
  return (name, plain) => {
    if (name !== 'mse' && name !== 'bce' && name !== 'ce') return plain;
    return (logits, targets, B, O, dLogits) => {
      const inside = owns(logits) && logits.length >= B * O && (dLogits === null || owns(dLogits));
      const nT = name === 'mse' ? B * O : B;
      const t = inside && (dLogits === null || dLogits.length >= B * O) ? stage(targets, nT) : -1;
      if (t < 0) return plain(logits, targets, B, O, dLogits);
      const d = dLogits === null ? 0 : dLogits.byteOffset;
      if (name === 'mse') return wasm.mseLoss(logits.byteOffset, t, B * O, d);
      if (name === 'bce') return wasm.bceLoss(logits.byteOffset, t, B * O, d);
      return wasm.ceLoss(logits.byteOffset, t, B, O, d);
    };
  };
}
