// The sandboxed processor of `gradscope agent`: BullMQ runs it in a child process, so a CPU-bound trial
// never stalls the agent's lock renewal. It returns the trial's outcome (a failed trial included).

import { hostname } from 'node:os';
import type { SandboxedJob } from 'bullmq';
import { runTask } from '../messages.js';
import type { TrialJobData, TrialJobResult } from './jobs.js';

// NOTE: when the agent dies (SIGKILL) this process is orphaned; it leaves once its trial returns
process.on('disconnect', () => process.exit(0));

export default async function processTrial(job: SandboxedJob<TrialJobData>): Promise<TrialJobResult> {
  const { index, config, metric } = job.data;
  const { outcome } = runTask({ index, config, metric });
  return { index, host: `${hostname()}:${process.ppid}`, finished: new Date().toISOString(), outcome };
}
