// A worker thread of the local runner: runs the trials it is sent, one at a time, and posts each outcome.
// The run document goes as its UTF-8 bytes, transferred: the main thread neither copies nor re-encodes
// it on its way into the store.

import { parentPort } from 'node:worker_threads';
import { runTask, type TrialDone, type TrialTask } from './messages.js';

const utf8 = new TextEncoder();

parentPort?.on('message', (task: TrialTask) => {
  const done = runTask(task);
  const text = done.outcome.document;
  if (typeof text !== 'string') return parentPort?.postMessage(done);
  const bytes = utf8.encode(text);
  const sent: TrialDone = { index: done.index, outcome: { ...done.outcome, document: bytes } };
  parentPort?.postMessage(sent, [bytes.buffer]);
});
