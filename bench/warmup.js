// node bench/warmup.js — a fresh process's W1 step over its first thousands of steps (issue 17: the JIT
// warm-up that `gradscope train` pays), against the same process's steady step.
// Usage: node bench/warmup.js [--reps 5] [--mode session,trainer,session-layers,trainer-layers] [--steps 40000]
// Each repetition is a new Node process (modes alternate) that builds W1 on the WASM kernels and times
// every step: `session` steps a session as `gradscope train` does (diagnostics at the default cadence,
// probes off: bench:probes times them), `trainer` calls trainer.step() alone; `-layers`: the same with
// the fused step off (the layers' step, as before the fused step). A window's figure is its mean µs a
// step (its total time over its steps) and, in the second table, its median step (what preemption on a
// loaded machine does not move); "steady" is steps 30000–40000. Medians over repetitions.

import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './stats.js';

const WINDOWS = [
  ['1–40', 1, 40],
  ['460–500', 460, 500],
  ['2500–5000', 2500, 5000],
  ['steady', 30000, 40000],
];

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    mode: { type: 'string', default: 'session,session-layers,trainer,trainer-layers' },
    steps: { type: 'string', default: '40000' },
    child: { type: 'string' },
  },
});

async function child(mode, steps) {
  const { openSession, createTrainer, resolveConfig, selectKernels } = await import('../dist/index.js');
  const { syntheticDataset, WORKLOADS, workloadSettings } = await import('./workloads.js');
  const w = WORKLOADS['W1 2-8-8-1 tanh b10'];
  const kernels = await selectKernels({ dtype: 'float32', prefer: 'wasm' });
  const data = { train: syntheticDataset(w, 1000), val: null };
  const config = resolveConfig({ ...workloadSettings(w), lr: 0.01, steps, dtype: 'float32' });
  const times = new Float64Array(steps + 1); // times[s] = clock after step s
  let step;
  let fused = null;
  const trainer = createTrainer(config, data, { kernels, fused: !mode.endsWith('-layers') });
  if (mode.startsWith('session')) {
    const session = openSession(trainer, { probes: false, maxHistory: 256 });
    step = () => session.step();
  } else step = () => trainer.step();
  fused = () => trainer.stepPath;
  times[0] = performance.now();
  for (let s = 1; s <= steps; s++) {
    step();
    times[s] = performance.now();
  }
  const out = { mean: {}, median: {} };
  for (const [name, from, to] of WINDOWS) {
    if (to > steps) continue;
    out.mean[name] = ((times[to] - times[from - 1]) * 1000) / (to - from + 1);
    const each = Array.from(
      { length: to - from + 1 },
      (_, i) => (times[from + i] - times[from + i - 1]) * 1000,
    );
    out.median[name] = median(each);
  }
  out.fused = fused?.();
  process.stdout.write(JSON.stringify(out));
}

function parent() {
  const reps = Number(args.reps);
  const modes = args.mode.split(',');
  const runs = Object.fromEntries(modes.map((m) => [m, []]));
  const script = fileURLToPath(import.meta.url);
  const before = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  for (let r = 0; r < reps; r++) {
    for (const mode of r % 2 ? [...modes].reverse() : modes) {
      const text = execFileSync(process.execPath, [script, '--child', mode, '--steps', args.steps]);
      runs[mode].push(JSON.parse(text.toString()));
    }
  }
  const fmt = (v) => (v === undefined ? '—' : v.toFixed(1));
  console.log(`W1 2-8-8-1 tanh, MSE, b10, WASM kernels; µs a step, median of ${reps} fresh processes`);
  for (const stat of ['mean', 'median']) {
    console.log(`\n${stat} step of each window:\n`);
    console.log(`| mode | step path | ${WINDOWS.map((w) => w[0]).join(' | ')} | 460–500 ÷ steady |`);
    console.log(`| --- | --- | ${WINDOWS.map(() => '---:').join(' | ')} | ---: |`);
    for (const mode of modes) {
      const med = Object.fromEntries(WINDOWS.map(([n]) => [n, median(runs[mode].map((o) => o[stat][n]))]));
      const ratio = med['460–500'] / med.steady;
      const path = runs[mode][0].fused;
      const cells = WINDOWS.map(([n]) => fmt(med[n])).join(' | ');
      console.log(`| ${mode} | ${path} | ${cells} | ${ratio.toFixed(2)}× |`);
    }
  }
  const after = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(
    `node ${process.version}; ${new Date().toISOString()}; load average before ${before}, after ${after}`,
  );
}

if (args.child) await child(args.child, Number(args.steps));
else parent();
