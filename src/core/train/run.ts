// A whole run in one call: a session stepped to the end. The CLI's `train` and the experiments use it.

import type { TrainResult } from './result.js';
import { openSession, type SessionHooks, type SessionOptions } from './session.js';
import type { Trainer } from './trainer.js';

export type RunOptions = Omit<SessionOptions, keyof SessionHooks | 'kernels' | 'stopAtTotal'>;

export function runTraining(
  trainer: Trainer,
  hooks: SessionHooks = {},
  options: RunOptions = {},
): TrainResult {
  const session = openSession(trainer, { ...options, ...hooks });
  while (!session.done) session.step();
  return session.finish();
}

export type { FinalEvaluation, HistoryEntry, TrainResult } from './result.js';
