// npm run bench:cli — only the process peers of bench:compare (gradscope train through the CLI, PyTorch
// CPU at 1 and 2 threads), alternated, medians. Usage: node bench/compare-process.js [--reps 5] [--only W1]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchProcessPeers } from './compare/process-peers.js';
import { makeData, WORKLOADS } from './compare/workloads.js';

const { values: args } = parseArgs({
  options: { reps: { type: 'string', default: '5' }, only: { type: 'string' } },
});
const log = (s) => process.stderr.write(`${s}\n`);
const dir = mkdtempSync(join(tmpdir(), 'gradscope-bench-cli-'));
try {
  for (const w of WORKLOADS.filter((w) => !args.only || args.only.split(',').includes(w.id)))
    benchProcessPeers(w, makeData(w), dir, Number(args.reps), log);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
