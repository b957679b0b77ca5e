// What a sweep looks like in BullMQ: one flow, a parent job in `sweeps` (jobId = the sweep id, data =
// the sweep file) with one child in `trials` per trial (jobId = sweepId.index, data = the resolved
// trial). A trial's failure (bad settings, a NaN) is its result, not a job failure, so it is never
// retried; a job fails only when its agent dies, and is then retried by another agent.
// NOTE: BullMQ 6 refuses a custom job id with one ':' (job.ts validateOptions; flow keys split on ':'),
// so the index joins the sweep id with '.'.

import type { MetricName, TrainConfig } from '../../../index.js';
import type { JsonOutcome } from '../store.js';

export interface SweepJobData {
  readonly id: string;
  /** the sweep file as given */
  readonly file: unknown;
  readonly total: number;
  readonly created: string;
}

export interface TrialJobData {
  readonly sweepId: string;
  readonly index: number;
  readonly config: TrainConfig;
  readonly metric: MetricName;
}

export interface TrialJobResult {
  readonly index: number;
  readonly host: string;
  readonly finished: string;
  readonly outcome: JsonOutcome;
}

export const trialJobId = (sweepId: string, index: number): string => `${sweepId}.${index}`;

/** a crashed agent's trial runs again at most this many times in all */
export const TRIAL_ATTEMPTS = 3;
