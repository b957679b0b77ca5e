// What travels between the runner and its workers (threads, or an agent's BullMQ sandboxes): a
// trial to run, and its outcome with the run document already as JSON (made off the main thread).

import {
  type CsvBytes,
  isCsvSource,
  isDataSetName,
  type KernelsPerRun,
  type LoadedData,
  type MetricName,
  prepareData,
  runTrial,
  selectKernelsPerRun,
  type TrainConfig,
} from '../../index.js';
import { loadDataSet } from '../data-sets.js';
import { readBytes } from '../io.js';
import { kernelChoice } from '../kernel-choice.js';
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

/** what a config's --data names, read once in this thread (a failure too): a CSV file's bytes, read and
 * checked as `train` reads them, or a named data set */
const sources = new Map<string, CsvBytes | LoadedData | Error>();

function sourceOf(config: TrainConfig): CsvBytes | LoadedData | undefined {
  const key = config.data;
  if (!isCsvSource(key) && !isDataSetName(key)) return undefined;
  let source = sources.get(key);
  if (source === undefined) {
    try {
      source = isDataSetName(key)
        ? loadDataSet(key, process.env.GRADSCOPE_FASHION_MNIST_DIR)
        : readBytes('--data', key, 'CSV file');
    } catch (err) {
      source = err instanceof Error ? err : new Error(String(err));
    }
    sources.set(key, source);
  }
  if (source instanceof Error) throw source;
  return source;
}

/**
 * Read and check each data file the trials name once, here, as `train` would (a file `train` refuses is
 * refused before any trial starts, in its one line); a refusal that depends on a trial's other settings
 * still fails that trial only.
 */
export function checkSources(tasks: readonly TrialTask[]): void {
  const seen = new Set<string>();
  for (const { config } of tasks) {
    if (seen.has(config.data) || !isCsvSource(config.data)) continue;
    seen.add(config.data);
    prepareData(config, sourceOf(config));
  }
}

let perRun: Promise<KernelsPerRun> | null = null;

/** The kernels this thread's trials run on, chosen once by `train`'s rule: each trial a fresh set, so that
 * it computes what `gradscope train` computes for its settings, bit for bit (see selectKernelsPerRun). */
export function trialKernels(): Promise<KernelsPerRun> {
  perRun ??= selectKernelsPerRun(kernelChoice());
  return perRun;
}

/** Run one trial here (a worker thread, an agent's sandbox, or the caller's thread), on `kernels`. */
export function runTask(task: TrialTask, kernels: KernelsPerRun): TaskResult {
  const started = new Date().toISOString();
  const { config } = task;
  let source: CsvBytes | LoadedData | undefined;
  try {
    source = sourceOf(config);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return {
      index: task.index,
      outcome: { status: 'failed', metric: null, final: null, steps: 0, error, document: null, started },
    };
  }
  const opts = { kernels: kernels(config.dtype), ...(source === undefined ? {} : { source }) };
  const { document, ...rest } = runTrial(config, task.metric, opts);
  return {
    index: task.index,
    outcome: { ...rest, document: document === null ? null : JSON.stringify(document), started },
  };
}
