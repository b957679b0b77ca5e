// What travels between the runner and its workers (threads, or an agent's BullMQ sandboxes): a
// trial to run, and its outcome with the run document already as JSON (made off the main thread).

import { readText } from '../../cli/io.js';
import { isCsvSource, type MetricName, runTrial, type TrainConfig } from '../../index.js';
import type { JsonOutcome, StoredOutcome } from './store.js';

export interface TrialTask {
  readonly index: number;
  readonly config: TrainConfig;
  readonly metric: MetricName;
}

export interface TrialDone {
  readonly index: number;
  readonly outcome: StoredOutcome;
}

/** A worker thread's report: the trials done since its last one, and the one it starts now. */
export interface TrialReport {
  readonly done: readonly TrialDone[];
  readonly running: number | null;
  /** the time those trials took (the runner sizes its queue by it) */
  readonly busyMs: number;
}

/** A worker thread reports at most this often (and whenever it runs out of trials). */
export const REPORT_MS = 100;

/** A trial run here: its document as text. */
export interface TaskResult extends TrialDone {
  readonly outcome: JsonOutcome;
}

const csvCache = new Map<string, string>();

/** Run one trial here (a worker thread, an agent's sandbox, or the caller's thread). */
export function runTask(task: TrialTask): TaskResult {
  const started = new Date().toISOString();
  const { config } = task;
  let csv: string | undefined;
  if (isCsvSource(config.data)) {
    csv = csvCache.get(config.data);
    if (csv === undefined) {
      try {
        csv = readText('--data', config.data, 'CSV file');
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return {
          index: task.index,
          outcome: { status: 'failed', metric: null, final: null, steps: 0, error, document: null, started },
        };
      }
      csvCache.set(config.data, csv);
    }
  }
  const { document, ...rest } = runTrial(config, task.metric, csv === undefined ? {} : { csv });
  return {
    index: task.index,
    outcome: { ...rest, document: document === null ? null : JSON.stringify(document), started },
  };
}
