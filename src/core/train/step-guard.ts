// The state before a step, kept so a step that produced a NaN/Inf can be undone: the flat parameter
// buffer (one copy a step: P values, ~1 MB for W2's 269k float32 parameters, against the step's ~10⁸
// FLOPs; measured in BENCHMARKS.md), the normalization layers' running statistics and, for
// --on-nonfinite skip, the optimizer's moments. Buffers are allocated once; remember() and rollback()
// are plain copies.

import type { Vec } from '../tensor.js';
import type { Trainer } from './trainer.js';

export interface StepGuard {
  /** copy the state the next step will change */
  remember(): void;
  /** put the remembered state back (the step's update is undone) */
  rollback(): void;
}

/** `withOptimizer`: also keep the optimizer's buffers (a skipped step must not move the moments). */
export function createStepGuard(trainer: Trainer, withOptimizer: boolean): StepGuard {
  const { model } = trainer;
  const live: Vec[] = [
    model.params,
    ...model.state.map((s) => s.value),
    ...(withOptimizer ? Object.values(trainer.optimizer.buffers) : []),
  ];
  const kept = live.map((v) => v.slice());
  return {
    remember() {
      for (let i = 0; i < live.length; i++) kept[i]!.set(live[i]!);
    },
    rollback() {
      for (let i = 0; i < live.length; i++) live[i]!.set(kept[i]!);
    },
  };
}
