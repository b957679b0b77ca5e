// The non-finite check: after every step, find the first tensor where a NaN or Inf appeared, in the order
// the step computed them: forward (z, a per layer) → logits → loss → gradients (output layer first) →
// updated weights. Every step reads what the step already computed (the loss and the pre-clip gradient
// norm); the parameters are scanned only when the caller asks (the session: at logged steps) and once a
// flag is up, so an unlogged step costs two comparisons. The search runs only once a flag is up.
// NOTE: with a finite loss and gradient, a non-finite weight can only come from an update that overflowed;
// an unscanned step leaves it to the next step's loss (then named as a forward NaN/Inf) or the next scan.

import type { Model } from '../model.js';
import type {
  NonFiniteEvent as RecordNonFiniteEvent,
  NonFinitePhase as RecordNonFinitePhase,
} from '../record/events.js';

export type NonFinitePhase = RecordNonFinitePhase;

export type NonFiniteEvent = RecordNonFiniteEvent;

/** What a step reports that the watch reads: the trainer's StepRecord has these. */
export interface StepSignals {
  readonly step: number;
  /** the batch's data loss */
  readonly loss: number;
  /** the global gradient norm before clipping */
  readonly clip: { readonly preNorm: number };
}

export interface NonFiniteWatch {
  /** null when the step left every checked tensor finite; `scan`: also sum the parameters (default true) */
  check(record: StepSignals, scan?: boolean): NonFiniteEvent | null;
}

function allFinite(v: ArrayLike<number>, n = v.length): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

export function createNonFiniteWatch(model: Model): NonFiniteWatch {
  const { blocks, tensors, params } = model;
  const output = blocks.length - 1;

  const forwardEvent = (step: number): NonFiniteEvent => {
    for (const block of blocks) {
      const act = block.activation;
      if (!act?.lastZ) continue;
      const n = act.lastB * act.outDim;
      const at = (what: string): NonFiniteEvent => ({
        step,
        tensor: `layers.${block.index}.${what}`,
        layer: block.index,
        phase: 'forward',
      });
      if (!allFinite(act.lastZ, n)) return at('z');
      if (!allFinite(act.out, n)) return at('a');
    }
    // NOTE: the logits buffer is not exposed; with every hidden activation finite and a non-finite loss,
    // the logits are the culprit (targets are validated on load), or the loss itself overflowed.
    return { step, tensor: 'logits', layer: output, phase: 'forward' };
  };

  return {
    check(record, scan = true) {
      const lossBad = !Number.isFinite(record.loss);
      const gradBad = !Number.isFinite(record.clip.preNorm);
      // one float64 sum over the parameters: NaN or ±Inf anywhere makes it non-finite
      let s = 0;
      if (scan || lossBad || gradBad) for (let i = 0; i < params.length; i++) s += params[i]!;
      const paramsBad = !Number.isFinite(s);
      if (!lossBad && !gradBad && !paramsBad) return null;
      const step = record.step;
      if (lossBad) return forwardEvent(step);
      if (gradBad) {
        for (let k = tensors.length - 1; k >= 0; k--) {
          const t = tensors[k]!;
          if (!allFinite(t.grad))
            return { step, tensor: `${t.name}.grad`, layer: t.block, phase: 'backward' };
        }
      }
      for (const t of tensors) {
        if (!allFinite(t.value)) return { step, tensor: t.name, layer: t.block, phase: 'update' };
      }
      // a float64 sum can overflow on huge finite values; nothing is actually non-finite then
      return null;
    },
  };
}
