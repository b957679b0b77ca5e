// The sandboxed processor of `gradscope agent`: BullMQ runs it in a worker thread of the agent, so a
// CPU-bound trial never stalls the agent's lock renewal, and a killed agent takes its running trials with
// it (they go back to the queue once their locks expire). It returns the trial's outcome (a failed trial
// included), the run document already JSON: the agent stores it as it is.

import { hostname } from 'node:os';
import type { SandboxedJob } from 'bullmq';
import { runTask, trialKernels } from '../messages.js';
import type { TrialJobData, TrialJobResult } from './jobs.js';

export default async function processTrial(job: SandboxedJob<TrialJobData>): Promise<TrialJobResult> {
  const { index, config, metric } = job.data;
  const { outcome } = runTask({ index, config, metric }, await trialKernels());
  return { index, host: `${hostname()}:${process.pid}`, finished: new Date().toISOString(), outcome };
}
