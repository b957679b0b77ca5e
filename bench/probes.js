// npm run bench:probes — what the Jacobian probes cost against a default run, on W1–W3 (WASM kernels,
// float32, as `gradscope train` runs): the median time of a default run (500 steps, --log-every 10,
// probes off) and of the probes a default run adds, taken as a run takes them: one prober, at init on
// the fresh trainer and at the end on the trained one (so the end probe's ‖W_l‖ warm-starts from the
// init probe's subspace, as in a run). Probing leaves training bit-identical, so the run between the two
// is the default run itself.
// Usage: npm run build && node bench/probes.js [--reps 5] [--only W2]

import { parseArgs } from 'node:util';
import { createWasmKernels } from '../dist/core/kernels/wasm/index.js';
import { createProber, createSession, resolveConfig } from '../dist/index.js';
import { median, syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const { values: args } = parseArgs({
  options: { reps: { type: 'string', default: '5' }, only: { type: 'string' } },
});
const reps = Number(args.reps);
const STEPS = 500; // the CLI's default --steps
// NOTE: a fresh kernel set per workload, with room for every session this creates: a full arena falls
// back to staged copies and would time those instead
let kernels;

function session(w, data, probes) {
  const config = resolveConfig({ ...workloadSettings(w), lr: 0.01, steps: STEPS, logEvery: 10 });
  return createSession(config, { train: data, val: null }, { kernels, probes, maxHistory: 1024 });
}

const rows = [];
for (const [name, w] of Object.entries(WORKLOADS)) {
  if (args.only && !args.only.split(',').some((id) => name.startsWith(id))) continue;
  const data = syntheticDataset(w, 1280);
  kernels = await createWasmKernels({ memoryBytes: 1024 * 1024 * 1024 });
  const run = [];
  const init = [];
  const end = [];
  for (let rep = -1; rep < reps; rep++) {
    const s = session(w, data, false);
    const prober = createProber(s.trainer, { clock: () => performance.now() });
    const a = prober.probe(0);
    const t0 = performance.now();
    while (!s.done) s.step();
    const ms = performance.now() - t0;
    const b = prober.probe(STEPS);
    if (rep < 0) continue;
    run.push(ms);
    init.push(a.ms);
    end.push(b.ms);
  }
  const probes = median(init) + median(end);
  rows.push({
    name,
    run: median(run),
    init: median(init),
    end: median(end),
    share: probes / (median(run) + probes),
  });
  const r = rows.at(-1);
  process.stderr.write(
    `${name}: run ${r.run.toFixed(0)} ms, init probe ${r.init.toFixed(1)} ms, end probe ${r.end.toFixed(1)} ms, probes ${(100 * r.share).toFixed(1)}% of the run (${run.map((x) => x.toFixed(0)).join(', ')} / ${init.map((x) => x.toFixed(0)).join(', ')} / ${end.map((x) => x.toFixed(0)).join(', ')})\n`,
  );
}
console.log(
  '| workload | default run, probes off (ms) | init probe (ms) | end probe (ms) | probes ÷ run with probes |',
);
console.log('|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.run.toFixed(0)} | ${r.init.toFixed(1)} | ${r.end.toFixed(1)} | ${(100 * r.share).toFixed(1)}% |`,
  );
