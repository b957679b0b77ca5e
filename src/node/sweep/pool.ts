// N worker threads, each running one trial at a time with the next one queued; new trials go to
// whichever thread finishes first. jobs = 0 runs the trials in the calling thread (yielding between them, so a signal is seen).
// An abort stops the dispatch and ends the threads at once: their trials stay unfinished.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runTask, type TrialDone, type TrialTask } from './messages.js';

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
  /** a trial finished; `next`, the trial queued behind it on the same thread, starts now (its onStart is
   * this call, so a store can record the one and mark the other running in one transaction) */
  readonly onDone: (done: TrialDone, next: number | null) => void;
}

export async function runPool(
  tasks: readonly TrialTask[],
  jobs: number,
  hooks: PoolHooks,
  signal?: AbortSignal,
): Promise<void> {
  if (jobs === 0) {
    for (const task of tasks) {
      if (signal?.aborted) return;
      hooks.onStart(task.index);
      hooks.onDone(runTask(task), null);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  let next = 0;
  const workers: Worker[] = [];
  await new Promise<void>((resolve, reject) => {
    let active = 0;
    const finish = (): void => {
      for (const w of workers) void w.terminate();
      resolve();
    };
    /** queue a task on `w` (its FIFO `queued`); it is started when it reaches the head */
    const feed = (w: Worker, queued: number[]): boolean => {
      if (signal?.aborted || next >= tasks.length) return false;
      const task = tasks[next++]!;
      queued.push(task.index);
      if (queued.length === 1) hooks.onStart(task.index);
      w.postMessage(task);
      return true;
    };
    const retire = (w: Worker): void => {
      void w.terminate();
      if (--active === 0) finish();
    };
    signal?.addEventListener('abort', finish, { once: true });
    const count = Math.max(1, Math.min(jobs, tasks.length));
    if (tasks.length === 0) return resolve();
    for (let i = 0; i < count; i++) {
      const w = new Worker(workerPath());
      workers.push(w);
      active++;
      const queued: number[] = [];
      w.on('message', (done: TrialDone) => {
        queued.shift();
        // the queued trial is running now (a trial counts as running, and as an attempt, only then)
        try {
          hooks.onDone(done, queued[0] ?? null);
        } catch (err) {
          for (const x of workers) void x.terminate();
          reject(err);
          return;
        }
        if (!feed(w, queued) && queued.length === 0) retire(w);
      });
      w.on('error', (err) => {
        for (const x of workers) void x.terminate();
        reject(err);
      });
      // NOTE: two trials in flight a thread: the next one is queued while the main thread records the
      // last, so a thread never waits on the store
      for (let k = 0; k < 2 && feed(w, queued); k++);
      if (queued.length === 0) retire(w);
    }
  });
}
