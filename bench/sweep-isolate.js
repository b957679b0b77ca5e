// What one fresh V8 isolate pays to run the bench's sweep trials (bench/sweep.js: 2-8-8-1 tanh, 200 steps,
// 200 circle points), and where: this thread's CPU (the trials) against V8's helper threads' CPU (the
// concurrent JIT compiler and the GC's helpers, read per thread from /proc/self/task), at trial 0, 100,
// 200 and the end. A sweep worker thread starts as cold as this process: one job runs those helper
// threads on the otherwise idle second core, two jobs pay them from the two cores their trials need.
// Run it alone and two at once to see the machine's own 2-vs-1 ceiling for these trials, and with
// `node --no-concurrent-recompilation bench/sweep-isolate.js` to move the JIT's work onto this thread.
// Usage: npm run build && node bench/sweep-isolate.js [--trials 600] [--part 0 --parts 1]

import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const t0 = performance.now();
const { kernelChoice } = await import('../dist/node/kernel-choice.js');
const { expandTrials, parseSweepDefinition, runTrial, selectKernelsPerRun } = await import(
  '../dist/index.js'
);
// the kernels a sweep's trials run on (src/node/sweep/messages.ts): a fresh WASM set per trial
const kernels = await selectKernelsPerRun(kernelChoice());
const load = performance.now() - t0;

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '600' },
    part: { type: 'string', default: '0' },
    parts: { type: 'string', default: '1' },
  },
});
const N = Number(args.trials);
const part = Number(args.part);
const parts = Number(args.parts);

const TICK_MS = 10; // USER_HZ = 100 on Linux
const cpuOfTask = (task) => {
  const text = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
};
/** [this thread's CPU ms, every other thread's] */
const split = () => {
  let others = 0;
  for (const t of readdirSync('/proc/self/task')) if (Number(t) !== process.pid) others += cpuOfTask(t);
  return [cpuOfTask(process.pid), others];
};

const def = parseSweepDefinition(
  {
    name: 'isolate',
    method: 'grid',
    metric: { name: 'final.val.loss', goal: 'minimize' },
    base: { data: 'circle', samples: 200, hidden: [8, 8], activation: 'tanh', optimizer: 'adam', steps: 200 },
    parameters: {
      lr: { values: [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2] },
      seed: { values: Array.from({ length: Math.ceil(N / 10) }, (_, i) => i + 1) },
    },
  },
  'bench',
);
const trials = expandTrials(def).slice(0, N);
const rows = [];
const mark = (k) => {
  const [main, helpers] = split();
  rows.push({ trial: k, ms: performance.now() - t0, main, helpers });
};
mark(0);
let k = 0;
for (let i = part; i < trials.length; i += parts) {
  runTrial(trials[i].config, def.metric.name, { kernels: kernels(trials[i].config.dtype) });
  k++;
  if (k === 100 || k === 200) mark(k);
}
mark(k);
console.log(`${k} trials in this isolate (node ${process.version}); module load ${load.toFixed(0)} ms`);
console.log('| after trial | wall ms | this thread CPU ms | V8 helper threads CPU ms |');
console.log('|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.trial} | ${r.ms.toFixed(0)} | ${r.main} | ${r.helpers} |`);
const last = rows.at(-1);
const at = rows.find((r) => r.trial === 200) ?? rows[0];
const steady = (last.main - at.main) / Math.max(1, k - at.trial);
console.log(
  `this thread: ${steady.toFixed(2)} ms CPU a trial past trial ${at.trial}; helper threads: ${at.helpers} ms by trial ${at.trial}, ${last.helpers} ms in all`,
);
