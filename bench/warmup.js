// node bench/warmup.js — a fresh process's W1 step over its first thousands of steps (issue 17: the JIT
// warm-up that `gradscope train` pays), against the same process's steady step.
// Usage: node bench/warmup.js [--reps 5] [--mode session|trainer|both] [--steps 40000]
// Each repetition is a new Node process (modes alternate) that builds W1 on the WASM kernels and times
// every step: `session` steps a session as `gradscope train` does (diagnostics at the default cadence,
// probes off: bench:probes times them), `trainer` calls trainer.step() alone. A window's figure is its
// mean µs a step (its total time over its steps); "steady" is steps 30000–40000. Medians over repetitions.

import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const WINDOWS = [
  ['1–40', 1, 40],
  ['460–500', 460, 500],
  ['2500–5000', 2500, 5000],
  ['steady', 30000, 40000],
];

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    mode: { type: 'string', default: 'both' },
    steps: { type: 'string', default: '40000' },
    child: { type: 'string' },
  },
});

async function child(mode, steps) {
  const { createSession, createTrainer, resolveConfig, selectKernels } = await import('../dist/index.js');
  const { syntheticDataset, WORKLOADS, workloadSettings } = await import('./workloads.js');
  const w = WORKLOADS['W1 2-8-8-1 tanh b10'];
  const kernels = await selectKernels({ dtype: 'float32', prefer: 'wasm' });
  const data = { train: syntheticDataset(w, 1000), val: null };
  const config = resolveConfig({ ...workloadSettings(w), lr: 0.01, steps, dtype: 'float32' });
  const times = new Float64Array(steps + 1); // times[s] = clock after step s
  let step;
  let fused = null;
  if (mode === 'session') {
    const session = createSession(config, data, { kernels, probes: false, maxHistory: 256 });
    step = () => session.step();
    fused = () => session.trainer.stepPath;
  } else {
    const trainer = createTrainer(config, data, { kernels });
    step = () => trainer.step();
    fused = () => trainer.stepPath;
  }
  times[0] = performance.now();
  for (let s = 1; s <= steps; s++) {
    step();
    times[s] = performance.now();
  }
  const out = {};
  for (const [name, from, to] of WINDOWS) {
    if (to > steps) continue;
    out[name] = ((times[to] - times[from - 1]) * 1000) / (to - from + 1);
  }
  out.fused = fused?.();
  process.stdout.write(JSON.stringify(out));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function parent() {
  const reps = Number(args.reps);
  const modes = args.mode === 'both' ? ['session', 'trainer'] : [args.mode];
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
  console.log(`| mode | step path | ${WINDOWS.map((w) => w[0]).join(' | ')} | 460–500 ÷ steady |`);
  console.log(`| --- | --- | ${WINDOWS.map(() => '---:').join(' | ')} | ---: |`);
  for (const mode of modes) {
    const med = Object.fromEntries(WINDOWS.map(([name]) => [name, median(runs[mode].map((o) => o[name]))]));
    const ratio = med['460–500'] / med.steady;
    const fused = runs[mode][0].fused;
    console.log(
      `| ${mode} | ${fused ?? 'no'} | ${WINDOWS.map(([n]) => fmt(med[n])).join(' | ')} | ${ratio.toFixed(2)}× |`,
    );
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
