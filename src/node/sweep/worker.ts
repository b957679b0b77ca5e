// A worker thread of the local runner: runs the trials it is sent, in order, and reports their outcomes
// in batches: at most one report every REPORT_MS, and one whenever it runs out of trials. Each report names the trial
// it starts next, so the store's `running` is true within REPORT_MS.
// NOTE: one message a trial cost ~1.3 ms of this thread's CPU a trial (profiled: the first postMessage
// after a trial wakes the sleeping main thread, and the wake-up is charged here; the rest are cheap), so
// a 13 ms trial paid 10% for its report. The run documents go as UTF-8 bytes whose buffers are
// transferred, not copied.

import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type { TrialDone, TrialReport, TrialTask } from './messages.js';
import { REPORT_MS, runTask, trialKernels } from './messages.js';

// the port queues the trials sent meanwhile: none is lost while the WASM module compiles
const kernels = await trialKernels();

const queue: TrialTask[] = [];
let pending: TrialDone[] = [];
let busyMs = 0;
let last = performance.now();

/** take the trials the main thread has sent meanwhile, without returning to the event loop */
function pull(): void {
  const port = parentPort!;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port))
    queue.push(...(m.message as TrialTask[]));
}

function report(running: number | null): void {
  const transfer: ArrayBuffer[] = [];
  for (const d of pending)
    if (d.outcome.document instanceof Uint8Array) transfer.push(d.outcome.document.buffer as ArrayBuffer);
  const message: TrialReport = { done: pending, running, busyMs };
  parentPort?.postMessage(message, transfer);
  pending = [];
  busyMs = 0;
  last = performance.now();
}

parentPort?.on('message', (tasks: TrialTask[]) => {
  queue.push(...tasks);
  for (let task = queue.shift(); task; task = queue.shift()) {
    const t0 = performance.now();
    pending.push(bytesOf(runTask(task, kernels)));
    const t1 = performance.now();
    busyMs += t1 - t0;
    pull();
    if (t1 - last >= REPORT_MS) report(queue[0]?.index ?? null);
  }
  if (pending.length > 0) report(null);
});

/** the document as UTF-8 bytes in a buffer of their own (a small Buffer shares Node's pool) */
function bytesOf(done: TrialDone): TrialDone {
  const finished = new Date().toISOString();
  const text = done.outcome.document;
  if (typeof text !== 'string') return { index: done.index, outcome: { ...done.outcome, finished } };
  const b = Buffer.from(text, 'utf8');
  const own = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
  return { index: done.index, outcome: { ...done.outcome, document: own, finished } };
}
