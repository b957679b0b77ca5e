// gradscope/sweep: sweeps on Node. runSweep runs one on this machine's cores (worker threads) with an
// optional SQLite store; the store's readers; the sweep file reader (YAML or JSON). The pure parts (the
// definition, its trials and seeds, one trial) are gradscope's own exports.

export { readSweepFile } from './file.js';
export { type Agent, type AgentOptions, startAgent } from './redis/agent.js';
export {
  type CollectOptions,
  collectRemoteSweep,
  type RemoteCounts,
  remoteStatus,
  waitRemoteSweep,
} from './redis/collect.js';
export {
  checkRedis,
  DEFAULT_PREFIX,
  type RedisTarget,
  redisTarget,
} from './redis/connection.js';
export { type CreatedSweep, createRemoteSweep } from './redis/create.js';
export { type TrialJobResult, trialJobId } from './redis/jobs.js';
export {
  type RunSweepOptions,
  resumeSweep,
  runSweep,
  type SweepProgress,
  type SweepRun,
  type SweepTrial,
  startSweep,
} from './run.js';
export {
  type Counts,
  createStore,
  openStore,
  STORE_FILE,
  type SweepStore,
  type TrialRecord,
  type TrialState,
} from './store.js';
