// The training loop every front end calls: the CLI, the web lab's worker and the experiments.
// It steps the trainer, logs every k steps, and returns the `train --json` document.

import type { TrainConfig } from '../config.js';
import { penalty } from '../regularize.js';
import { type LayerStats, measureLayers } from './layer-stats.js';
import type { Evaluation, StepRecord, Trainer } from './trainer.js';

export interface HistoryEntry {
  readonly step: number;
  readonly epoch: number;
  /** mean data loss of the step's batch */
  readonly loss: number;
  /** the penalty ½λΣ‖W‖² (+ λ₁‖W‖₁) at that step */
  readonly penalty: number;
  readonly val?: Evaluation;
  /** ‖∂L/∂W_l‖_F per Dense layer */
  readonly gradNorm: readonly number[];
  readonly clipPreNorm: number;
  readonly clipPostNorm: number;
  readonly clipped: boolean;
}

export interface FinalEvaluation extends Evaluation {
  /** ½λΣ‖W‖² (+ λ₁‖W‖₁) at the final weights */
  readonly penalty: number;
  /** loss + penalty: the regularized objective */
  readonly objective: number;
}

export interface TrainResult {
  readonly config: TrainConfig & {
    readonly loss: string;
    readonly batchSizeResolved: number;
    readonly totalSteps: number;
  };
  /** updates applied */
  readonly steps: number;
  readonly final: { readonly train: FinalEvaluation; readonly val?: Evaluation };
  readonly layers: readonly LayerStats[];
  readonly history: readonly HistoryEntry[];
}

export interface RunHooks {
  /** after every step, with the trainer in its post-step state */
  onStep?(record: StepRecord, trainer: Trainer): void;
  /** at every logged step */
  onLog?(entry: HistoryEntry): void;
}

function historyEntry(record: StepRecord, trainer: Trainer, layers: readonly LayerStats[]): HistoryEntry {
  const val = trainer.data.val ? trainer.evaluate(trainer.data.val) : undefined;
  return {
    step: record.step,
    epoch: record.epoch,
    loss: record.loss,
    penalty: record.penalty,
    ...(val ? { val } : {}),
    gradNorm: layers.map((l) => l.gradNorm),
    clipPreNorm: record.clip.preNorm,
    clipPostNorm: record.clip.postNorm,
    clipped: record.clip.clipped,
  };
}

/** Evaluate the current weights on train (with the penalty) and validation sets. */
export function finalEvaluation(trainer: Trainer, pen: number): TrainResult['final'] {
  const train = trainer.evaluate(trainer.data.train);
  const val = trainer.data.val ? trainer.evaluate(trainer.data.val) : undefined;
  return { train: { ...train, penalty: pen, objective: train.loss + pen }, ...(val ? { val } : {}) };
}

export function runTraining(trainer: Trainer, hooks: RunHooks = {}): TrainResult {
  const { config } = trainer;
  const history: HistoryEntry[] = [];
  let layers: LayerStats[];
  let last: StepRecord;
  if (trainer.totalSteps === 0) {
    last = trainer.probe();
    layers = measureLayers(trainer.model, last.batchSize);
    const entry = historyEntry(last, trainer, layers);
    history.push(entry);
    hooks.onLog?.(entry);
  } else {
    do {
      last = trainer.step();
      hooks.onStep?.(last, trainer);
      const done = trainer.stepCount === trainer.totalSteps;
      if (last.step % config.logEvery === 0 || done || last.step === 1) {
        layers = measureLayers(trainer.model, last.batchSize);
        const entry = historyEntry(last, trainer, layers);
        history.push(entry);
        hooks.onLog?.(entry);
      }
    } while (trainer.stepCount < trainer.totalSteps);
    layers = measureLayers(trainer.model, last.batchSize);
  }
  return {
    config: {
      ...config,
      loss: trainer.lossName,
      batchSizeResolved: trainer.batchSize,
      totalSteps: trainer.totalSteps,
    },
    steps: trainer.stepCount,
    final: finalEvaluation(trainer, penalty(trainer.model, config.l2, config.l1)),
    layers,
    history,
  };
}
