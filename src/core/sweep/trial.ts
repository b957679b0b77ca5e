// One trial: the same path as `gradscope train` (prepareData → createTrainer → runTraining), on the
// kernels it is given (a sweep gives each trial a fresh WASM set, as `train` has: selectKernelsPerRun) and
// without timings, so its document is the same bytes on every machine. A trial that cannot run (a CSV
// without its target, a NaN) is a failed trial with its one-line reason, never an exception: a sweep goes on, and a queue does not retry what would fail the same way again.

import type { TrainConfig } from '../config.js';
import type { CsvBytes } from '../data/csv-source.js';
import type { LoadedData } from '../data/loaded.js';
import { prepareData } from '../data/prepare.js';
import { nonFiniteError } from '../diagnostics/index.js';
import { NonFiniteError, UsageError } from '../errors.js';
import type { Kernels } from '../kernels/types.js';
import type { Final, RunDocument } from '../record/index.js';
import { runTraining } from '../train/run.js';
import { createTrainer } from '../train/trainer.js';
import { type MetricName, metricOf } from './metric.js';

/** History entries a trial's document keeps (thinned past it, with an exact digest, as `train` does). */
export const TRIAL_HISTORY_LIMIT = 1024;

export type TrialStatus = 'done' | 'failed';

export interface TrialOutcome {
  readonly status: TrialStatus;
  /** the sweep's metric; null when failed or not finite */
  readonly metric: number | null;
  /** the final evaluation (null when the trial could not start) */
  readonly final: Final | null;
  readonly steps: number;
  /** why it failed, one line */
  readonly error: string | null;
  /** the whole run document (null when the trial could not start) */
  readonly document: RunDocument | null;
}

export interface TrialRunOptions {
  /** default: the reference kernels. A WASM set is the trial's own: its buffers are taken from its arena,
   * which never frees, so give each trial a fresh set (selectKernelsPerRun), never one shared by many. */
  readonly kernels?: Kernels;
  /** what config.data names, read: a CSV file's bytes (or passes over them), or a loaded data set (the
   * core reads no files) */
  readonly source?: CsvBytes | LoadedData;
}

export function runTrial(config: TrainConfig, metric: MetricName, opts: TrialRunOptions = {}): TrialOutcome {
  let doc: RunDocument;
  try {
    const data = prepareData(config, opts.source);
    const trainer = createTrainer(config, data, opts.kernels ? { kernels: opts.kernels } : {});
    doc = runTraining(trainer, {}, { maxHistory: TRIAL_HISTORY_LIMIT, clock: null });
  } catch (err) {
    const known = err instanceof UsageError || err instanceof NonFiniteError;
    const message = err instanceof Error ? err.message : String(err);
    return failed(known ? message : `internal error: ${message}`, null);
  }
  const stopped = doc.steps < doc.plan.totalSteps;
  if (doc.nonFinite && (config.onNonfinite === 'stop' || stopped))
    return failed(nonFiniteError(doc.nonFinite).message, doc);
  const value = metricOf(doc, metric);
  if (value === null) return failed(`${metric} is not a finite number`, doc);
  return {
    status: 'done',
    metric: value,
    final: doc.final,
    steps: doc.steps,
    error: null,
    document: doc,
  };
}

function failed(error: string, doc: RunDocument | null): TrialOutcome {
  return {
    status: 'failed',
    metric: null,
    final: doc?.final ?? null,
    steps: doc?.steps ?? 0,
    error,
    document: doc,
  };
}
