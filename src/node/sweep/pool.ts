// N worker threads; each gets a short queue of trials and reports them in batches (worker.ts). New trials
// go to whichever thread reports, its queue sized to about 2 × REPORT_MS of its work (at least 2 trials,
// so a thread never waits on the store; short, so the last trials spread over the threads). jobs = 0
// runs the trials in the calling thread (yielding between them, so a signal is seen).
// An abort stops the dispatch and ends the threads at once: their trials stay unfinished.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  REPORT_MS,
  runTask,
  type TrialDone,
  type TrialReport,
  type TrialTask,
  trialKernels,
} from './messages.js';

/** The worker script: beside this file in dist/; from the sources (vitest), the built one. */
function workerPath(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL(here.replace('/src/node/sweep/', '/dist/node/sweep/').replace(/pool\.ts$/, 'worker.js'))
    : new URL('./worker.js', here);
  return fileURLToPath(url);
}

export interface PoolHooks {
  /** a thread starts its first trial */
  readonly onStart: (index: number) => void;
  /** trials finished; `running`, the trial the same thread starts now (a trial counts as running only
   * once its thread says so; a store records the ones and marks the other in one transaction) */
  readonly onDone: (done: readonly TrialDone[], running: number | null) => void;
}

/** trials queued on a thread: enough for 2 reports, at least 2, at most 64 */
function depthFor(msPerTrial: number | null): number {
  if (msPerTrial === null) return 2;
  return Math.min(64, Math.max(2, Math.ceil((2 * REPORT_MS) / Math.max(msPerTrial, 0.1))));
}

export async function runPool(
  tasks: readonly TrialTask[],
  jobs: number,
  hooks: PoolHooks,
  signal?: AbortSignal,
): Promise<void> {
  if (jobs === 0) {
    const kernels = await trialKernels();
    for (const task of tasks) {
      if (signal?.aborted) return;
      hooks.onStart(task.index);
      hooks.onDone([runTask(task, kernels)], null);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  let next = 0;
  const workers: Worker[] = [];
  await new Promise<void>((resolve, reject) => {
    let active = 0;
    // threads ended here (retired, or all at the end): their 'exit' is expected
    const ended = new WeakSet<Worker>();
    const end = (w: Worker): void => {
      ended.add(w);
      void w.terminate();
    };
    const finish = (): void => {
      for (const w of workers) end(w);
      resolve();
    };
    /** up to `n` trials off the list (none once aborted) */
    const take = (n: number): TrialTask[] => {
      if (signal?.aborted) return [];
      const out = tasks.slice(next, next + Math.max(0, n));
      next += out.length;
      return out;
    };
    const retire = (w: Worker): void => {
      end(w);
      if (--active === 0) finish();
    };
    signal?.addEventListener('abort', finish, { once: true });
    const count = Math.max(1, Math.min(jobs, tasks.length));
    if (tasks.length === 0) return resolve();
    for (let i = 0; i < count; i++) {
      const w = new Worker(workerPath());
      workers.push(w);
      active++;
      let queued = 0;
      let msPerTrial: number | null = null;
      w.on('message', ({ done, running, busyMs }: TrialReport) => {
        queued -= done.length;
        if (done.length > 0) msPerTrial = busyMs / done.length;
        try {
          hooks.onDone(done, running);
        } catch (err) {
          for (const x of workers) end(x);
          reject(err);
          return;
        }
        // NOTE: a thread that reported because it ran out of trials named none to start; it starts the
        // first of these at once, so that one is running from now (it read as pending until the next report)
        const idle = queued === 0;
        const more = take(depthFor(msPerTrial) - queued);
        queued += more.length;
        if (more.length > 0) {
          if (idle) hooks.onStart(more[0]!.index);
          w.postMessage(more);
        } else if (queued === 0) retire(w);
      });
      w.on('error', (err) => {
        for (const x of workers) end(x);
        reject(err);
      });
      // a thread that ends on its own with trials queued (no 'error'): the sweep stops, never waits forever
      w.on('exit', (code) => {
        if (ended.has(w)) return;
        for (const x of workers) end(x);
        reject(new Error(`a sweep worker thread exited (code ${code}) with ${queued} trial(s) queued`));
      });
      const first = take(depthFor(null));
      queued = first.length;
      if (first.length === 0) {
        retire(w);
        continue;
      }
      hooks.onStart(first[0]!.index);
      w.postMessage(first);
    }
  });
}
