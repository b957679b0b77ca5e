// A trainer's whole state between two steps, as copies: the update count, the flat parameters, the
// normalization statistics, the optimizer's buffers, the data order and every random stream. Restoring
// it into a trainer built from the same config and data makes the next steps bit-identical to the ones
// the saved trainer would have taken.

import { UsageError } from '../errors.js';
import type { RngState } from '../rng.js';
import type { Vec } from '../tensor.js';
import type { SamplerState } from './batches.js';
import type { Trainer } from './trainer.js';

export interface TrainerState {
  readonly stepCount: number;
  /** 'params', 'state.<name>' (BatchNorm running statistics), 'optimizer.<name>' (moments) */
  readonly tensors: Readonly<Record<string, Vec>>;
  readonly sampler: SamplerState;
  /** the trainer's streams: init, dropout (per layer), shuffle */
  readonly rng: RngState;
}

/** The live buffers of a trainer by checkpoint name. */
export function trainerTensors(trainer: Trainer): Record<string, Vec> {
  const { model, optimizer } = trainer;
  return {
    params: model.params,
    ...Object.fromEntries(model.state.map((s) => [`state.${s.name}`, s.value])),
    ...Object.fromEntries(Object.entries(optimizer.buffers).map(([k, v]) => [`optimizer.${k}`, v])),
  };
}

export function saveTrainer(trainer: Trainer): TrainerState {
  const tensors = Object.fromEntries(Object.entries(trainerTensors(trainer)).map(([k, v]) => [k, v.slice()]));
  return { stepCount: trainer.stepCount, tensors, sampler: trainer.sampler.save(), rng: trainer.rng.save() };
}

/** Restore a saved state; `source` names it in errors (a checkpoint of another network is refused). */
export function restoreTrainer(trainer: Trainer, state: TrainerState, source: string): void {
  const live = trainerTensors(trainer);
  const names = Object.keys(live);
  const saved = Object.keys(state.tensors);
  if (names.length !== saved.length || names.some((n) => !(n in state.tensors))) {
    throw new UsageError(source, `the tensors ${names.join(', ')}`, saved.join(', '));
  }
  for (const name of names) {
    const from = state.tensors[name]!;
    if (from.length !== live[name]!.length)
      throw new UsageError(`${source}: ${name}`, `${live[name]!.length} values`, from.length);
  }
  for (const name of names) live[name]!.set(state.tensors[name]!);
  trainer.sampler.restore(state.sampler);
  trainer.rng.restore(state.rng);
  trainer.setStepCount(state.stepCount);
}
