// runSweep: a sweep on this machine, on `jobs` worker threads, with its results in a store (DIR/sweep.db)
// or only in memory. resumeSweep continues a store: only its unfinished trials run again. The CLI's
// `gradscope sweep run` is this plus a progress bar and signals.

import { availableParallelism } from 'node:os';
import {
  compareMetric,
  expandTrials,
  parseSweepDefinition,
  type RunDocument,
  type SweepDefinition,
  type TrialSpec,
  UsageError,
} from '../../index.js';
import { checkSources, type TrialDone, type TrialTask } from './messages.js';
import { runPool } from './pool.js';
import { createStore, openStore, type SweepStore, type TrialRecord, thisHost } from './store.js';

export interface SweepTrial extends TrialRecord {
  /** with `documents: true`: the trial's run document */
  readonly document?: RunDocument | null;
}

export interface SweepProgress {
  readonly total: number;
  /** finished trials, failed ones included */
  readonly done: number;
  readonly failed: number;
  /** the best trial so far by the metric */
  readonly best: SweepTrial | null;
  /** trials that finished in this call (not in an earlier one a resume continues) */
  readonly ranHere: number;
  readonly elapsedMs: number;
}

export interface RunSweepOptions {
  /** worker threads (default: the core count); 0 runs the trials in the calling thread */
  readonly jobs?: number;
  /** after each trial is recorded */
  readonly onTrial?: (trial: SweepTrial, progress: SweepProgress) => void;
  /** the store's directory (DIR/sweep.db); without it the trials are only returned */
  readonly out?: string;
  /** stop dispatching: the running trials are dropped and stay unfinished in the store */
  readonly signal?: AbortSignal;
  /** keep each trial's run document in the returned trials (default false: the store has them) */
  readonly documents?: boolean;
  /** names the definition in errors (a file name; default 'sweep') */
  readonly source?: string;
  /** the argument errors about `out` name (default 'out') */
  readonly argument?: string;
}

export interface SweepRun {
  readonly definition: SweepDefinition;
  /** every trial, in index order (unfinished ones when aborted) */
  readonly trials: SweepTrial[];
  /** the store's directory, or null */
  readonly dir: string | null;
}

function jobsOf(jobs: number | undefined): number {
  if (jobs === undefined) return availableParallelism();
  if (!Number.isSafeInteger(jobs) || jobs < 0) throw new UsageError('runSweep: jobs', 'an integer ≥ 0', jobs);
  return jobs;
}

/** Run the sweep `file` (a sweep file's parsed content, or the same object built in code). */
export async function runSweep(file: unknown, opts: RunSweepOptions = {}): Promise<SweepTrial[]> {
  return (await startSweep(file, opts)).trials;
}

/** runSweep with the definition and the store's directory beside the trials. */
export async function startSweep(file: unknown, opts: RunSweepOptions = {}): Promise<SweepRun> {
  const source = opts.source ?? 'sweep';
  const jobs = jobsOf(opts.jobs);
  if (opts.out === undefined) {
    const definition = parseSweepDefinition(file, source);
    return {
      definition,
      trials: await runInMemory(definition, expandTrials(definition, source), jobs, opts),
      dir: null,
    };
  }
  const store = createStore(opts.argument ?? 'out', opts.out, file, source);
  try {
    return { definition: store.definition, trials: await runStored(store, jobs, opts), dir: opts.out };
  } finally {
    store.close();
  }
}

/** Continue the sweep stored in `dir`: its unfinished trials only. */
export async function resumeSweep(dir: string, opts: Omit<RunSweepOptions, 'out'> = {}): Promise<SweepRun> {
  const jobs = jobsOf(opts.jobs);
  const store = openStore(opts.argument ?? 'resume', dir);
  try {
    return { definition: store.definition, trials: await runStored(store, jobs, opts), dir };
  } finally {
    store.close();
  }
}

/** the trials to run, their data files read and checked first (checkSources) */
function tasksOf(def: SweepDefinition, specs: readonly TrialSpec[]): TrialTask[] {
  const tasks = specs.map((t) => ({ index: t.index, config: t.config, metric: def.metric.name }));
  checkSources(tasks);
  return tasks;
}

function tracker(def: SweepDefinition, total: number, done: number, failed: number, best: SweepTrial | null) {
  const t0 = performance.now();
  let ranHere = 0;
  return {
    add(trial: SweepTrial): SweepProgress {
      ranHere++;
      done++;
      if (trial.status === 'failed') failed++;
      else if (best === null || compareMetric(def.metric.goal, trial.metric, best.metric) < 0) best = trial;
      return { total, done, failed, best, ranHere, elapsedMs: performance.now() - t0 };
    },
  };
}

async function runStored(store: SweepStore, jobs: number, opts: RunSweepOptions): Promise<SweepTrial[]> {
  const def = store.definition;
  const todo = new Set(store.unfinished());
  const specs = store.specs().filter((t) => todo.has(t.index));
  const c = store.counts();
  const progress = tracker(def, c.total, c.done + c.failed, c.failed, store.best(1)[0] ?? null);
  const host = thisHost();
  await runPool(
    tasksOf(def, specs),
    jobs,
    {
      onStart: (index) => store.markRunning(index, host),
      onDone(done: readonly TrialDone[], running) {
        // one commit a report: its results and the start of the thread's next trial
        store.batch(() => {
          for (const { index, outcome } of done) store.record(index, outcome, host);
          if (running !== null) store.markRunning(running, host);
        });
        if (!opts.onTrial) return;
        for (const { index } of done) {
          const trial = store.trial(index)!;
          const shown = opts.documents ? { ...trial, document: store.document(index) } : trial;
          opts.onTrial(shown, progress.add(shown));
        }
      },
    },
    opts.signal,
  );
  const trials = store.trials();
  return opts.documents ? trials.map((t) => ({ ...t, document: store.document(t.index) })) : trials;
}

async function runInMemory(
  def: SweepDefinition,
  specs: readonly TrialSpec[],
  jobs: number,
  opts: RunSweepOptions,
): Promise<SweepTrial[]> {
  const host = thisHost();
  const trials: SweepTrial[] = specs.map((t) => ({
    index: t.index,
    params: t.params,
    status: 'pending',
    seed: t.seed,
    started: null,
    finished: null,
    host: null,
    attempts: 0,
    metric: null,
    final: null,
    steps: null,
    error: null,
  }));
  const start = (index: number): void => {
    const t = trials[index]!;
    trials[index] = { ...t, status: 'running', host, attempts: t.attempts + 1 };
  };
  const progress = tracker(def, specs.length, 0, 0, null);
  await runPool(
    tasksOf(def, specs),
    jobs,
    {
      onStart: start,
      onDone(done: readonly TrialDone[], running) {
        for (const d of done) record(d);
        if (running !== null) start(running);
      },
    },
    opts.signal,
  );
  return trials;

  function record({ index, outcome }: TrialDone): void {
    const { document, started, finished, ...rest } = outcome;
    const trial: SweepTrial = {
      ...trials[index]!,
      ...rest,
      started: started ?? null,
      finished: finished ?? new Date().toISOString(),
      host,
      attempts: Math.max(trials[index]!.attempts, 1),
      ...(opts.documents
        ? { document: document === null ? null : (JSON.parse(textOf(document)) as RunDocument) }
        : {}),
    };
    trials[index] = trial;
    opts.onTrial?.(trial, progress.add(trial));
  }
}

const utf8 = new TextDecoder();
const textOf = (doc: string | Uint8Array): string => (typeof doc === 'string' ? doc : utf8.decode(doc));
