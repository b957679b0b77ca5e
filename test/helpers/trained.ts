// A small trained run in both forms: today's runTraining result and its version-1 document as JSON.

import { type ConfigInput, resolveConfig } from '../../src/core/config.js';
import { prepareData } from '../../src/core/data/prepare.js';
import { runTraining, type TrainResult } from '../../src/core/train/run.js';
import { createTrainer } from '../../src/core/train/trainer.js';
import { asVersion1 } from './run-document.js';

export interface Trained {
  readonly result: TrainResult;
  /** the version-1 document after JSON.stringify/JSON.parse: NaN and ±Inf are null */
  readonly json: Record<string, unknown>;
}

export function trained(input: ConfigInput = {}): Trained {
  const config = resolveConfig({ data: 'circle', steps: 20, logEvery: 5, probeEvery: 10, ...input });
  const trainer = createTrainer(config, prepareData(config));
  const result = runTraining(trainer);
  return { result, json: JSON.parse(JSON.stringify(asVersion1(result, trainer))) };
}
