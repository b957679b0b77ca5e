// npm run bench:probes — what the Jacobian probes cost against a default run, on W1–W3 (WASM kernels,
// float32, as `gradscope train` runs): the median time of a default run (500 steps, --log-every 10,
// probes off) and of the probes a default run adds, taken as a run takes them: one prober, at init on
// the fresh trainer and at the end on the trained one (so the end probe's ‖W_l‖ warm-starts from the
// init probe's subspace, as in a run). Probing leaves training bit-identical, so the run between the two
// is the default run itself. Each time is taken as wall clock and as this process's CPU time (user +
// system, all threads): on a loaded machine the CPU time is the steadier of the two.
// NOTE: every session's buffers are fresh memory; one untimed eval forward at the model's capacity touches
// them before the init probe, so the probe is not charged the page faults of memory the run touches anyway.
// Usage: npm run build && node bench/probes.js [--reps 5] [--warmup 2] [--only W2]

import { parseArgs } from 'node:util';
import { createWasmKernels } from '../dist/core/kernels/wasm/index.js';
import { createProber, createSession, resolveConfig } from '../dist/index.js';
import { median, syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const reps = Number(args.reps);
const warmup = Number(args.warmup);
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
  const wall = { run: [], init: [], end: [] };
  const cpu = { run: [], init: [], end: [] };
  for (let rep = -warmup; rep < reps; rep++) {
    const s = session(w, data, false);
    const prober = createProber(s.trainer);
    const { model } = s.trainer;
    model.input.fill(0);
    model.forward(model.capacity, 'eval');
    const t = [performance.now()];
    const c = [cpuMs()];
    prober.probe(0);
    t.push(performance.now());
    c.push(cpuMs());
    while (!s.done) s.step();
    t.push(performance.now());
    c.push(cpuMs());
    prober.probe(STEPS);
    t.push(performance.now());
    c.push(cpuMs());
    if (rep < 0) continue;
    for (const [times, x] of [
      [wall, t],
      [cpu, c],
    ]) {
      times.init.push(x[1] - x[0]);
      times.run.push(x[2] - x[1]);
      times.end.push(x[3] - x[2]);
    }
  }
  const summary = (times) => {
    const m = { run: median(times.run), init: median(times.init), end: median(times.end) };
    return { ...m, share: (m.init + m.end) / (m.run + m.init + m.end) };
  };
  rows.push({ name, wall: summary(wall), cpu: summary(cpu) });
  const list = (v) => v.map((x) => x.toFixed(1)).join(', ');
  for (const [what, times] of [
    ['wall', wall],
    ['cpu', cpu],
  ]) {
    const r = rows.at(-1)[what];
    process.stderr.write(
      `${name} (${what}): run ${r.run.toFixed(0)} ms, init probe ${r.init.toFixed(1)} ms, end probe ${r.end.toFixed(1)} ms, probes ${(100 * r.share).toFixed(1)}% of the run (${list(times.run)} / ${list(times.init)} / ${list(times.end)})\n`,
    );
  }
}
console.log(
  '| workload | default run, probes off (ms) | init probe (ms) | end probe (ms) | probes ÷ run with probes | the same in CPU time |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const { name, wall: r, cpu } of rows)
  console.log(
    `| ${name} | ${r.run.toFixed(0)} | ${r.init.toFixed(1)} | ${r.end.toFixed(1)} | ${(100 * r.share).toFixed(1)}% | ${(100 * cpu.share).toFixed(1)}% |`,
  );

/** This process's CPU time so far in ms (user + system, every thread). */
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
