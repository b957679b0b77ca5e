// Today's runTraining result reshaped into a version-1 run document: `config` back to what
// resolveConfig returned, the derived numbers in `plan`, `version`, and `fixes: []` on each finding.
// NOTE: once runTraining returns version 1 itself (the run-session branch), this is the identity.

import { batchesPerEpoch } from '../../src/core/train/batches.js';
import type { TrainResult } from '../../src/core/train/run.js';
import type { Trainer } from '../../src/core/train/trainer.js';

export function asVersion1(result: TrainResult, trainer: Trainer): Record<string, unknown> {
  if ((result as { version?: unknown }).version === 1) return result as unknown as Record<string, unknown>;
  const { loss: _loss, batchSizeResolved: _b, totalSteps: _t, ...config } = result.config;
  return {
    version: 1,
    ...result,
    config: { ...config, loss: trainer.config.loss },
    plan: {
      loss: trainer.lossName,
      outputDim: trainer.model.spec.outputDim,
      batchSize: trainer.batchSize,
      capacity: trainer.model.capacity,
      totalSteps: trainer.totalSteps,
      batchesPerEpoch: batchesPerEpoch(trainer.data.train.n, trainer.batchSize),
      parameters: trainer.model.params.length,
    },
    diagnosis: {
      ...result.diagnosis,
      findings: result.diagnosis.findings.map((f) => ({ fixes: [], ...f })),
    },
  };
}
