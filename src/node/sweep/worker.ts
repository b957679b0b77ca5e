// A worker thread of the local runner: runs the trials it is sent, one at a time, and posts each outcome.

import { parentPort } from 'node:worker_threads';
import { runTask, type TrialTask } from './messages.js';

parentPort?.on('message', (task: TrialTask) => {
  parentPort?.postMessage(runTask(task));
});
