// A run document as JSON would hold it: runTraining returns version 1 itself, so this is its JSON copy.

import type { TrainResult } from '../../src/core/train/run.js';

export function asJson(result: TrainResult): Record<string, unknown> {
  return JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
}
