// What 2 cores of this machine give over 1, for three kinds of work, each run once alone and then twice at
// once (2× the work), in separate processes so that nothing inside Node is shared:
//  1. a scalar JS product of two 64×64 matrices (all in L1): the cores themselves;
//  2. the sweep bench's tiny trials (2-8-8-1 tanh, 200 steps, 200 circle points) on fresh WASM sets, the
//     trials split by index between the two processes (JIT warm-up included, as in a sweep);
//  3. `gradscope train` of a 2-128-128-1 MLP on 2000 points (GEMMs of ~1 MB operands).
// scaling = 2 × (time alone) / (time of two at once): 2.00 when the two runs do not slow each other.
// It bounds bench/sweep.js's "2 jobs vs 1 job": no scheduler can scale trials past what two bare
// processes running them reach.
// Usage: npm run build && node bench/host-scaling.js [--reps 3] [--trials 2000]

import { spawn } from 'node:child_process';
import { median } from './workloads.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const reps = Number(arg('--reps', 3));
const trials = Number(arg('--trials', 2000));
const SELF = new URL(import.meta.url).pathname;
const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;

if (args[0] === '--child-matmul') {
  const n = 64;
  const a = new Float32Array(n * n).fill(1.0001);
  const b = new Float32Array(n * n).fill(0.9999);
  const c = new Float32Array(n * n);
  for (let r = 0; r < 1400; r++)
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const x = a[i * n + k];
        for (let j = 0; j < n; j++) c[i * n + j] += x * b[k * n + j];
      }
  if (!Number.isFinite(c[0])) process.exit(1);
} else if (args[0] === '--child-trials') {
  const [part, parts] = [Number(args[1]), Number(args[2])];
  const { expandTrials, parseSweepDefinition, runTrial, selectKernelsPerRun } = await import(
    '../dist/index.js'
  );
  const kernels = await selectKernelsPerRun('wasm');
  const seeds = Array.from({ length: trials / 10 }, (_, i) => i + 1);
  const def = parseSweepDefinition(
    {
      name: 'host-scaling',
      method: 'grid',
      metric: { name: 'final.val.loss', goal: 'minimize' },
      base: {
        data: 'circle',
        samples: 200,
        hidden: [8, 8],
        activation: 'tanh',
        optimizer: 'adam',
        steps: 200,
      },
      parameters: {
        lr: { values: [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2] },
        seed: { values: seeds },
      },
    },
    'bench',
  );
  const all = expandTrials(def);
  for (let i = part; i < all.length; i += parts)
    runTrial(all[i].config, def.metric.name, { kernels: kernels(all[i].config.dtype) });
} else {
  const run = (argv) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`bench: ${argv[1]} exit ${code}`)),
      );
    });
  const train = [
    CLI,
    'train',
    '--data',
    'circle',
    '--samples',
    '2000',
    '--hidden',
    '128,128',
    '--steps',
    '600',
  ];
  const kinds = {
    'scalar JS 64×64 product (in L1)': (part, parts) => [SELF, '--child-matmul', String(part), String(parts)],
    [`${trials} tiny sweep trials, split by index`]: (part, parts) => [
      SELF,
      '--child-trials',
      String(part),
      String(parts),
      '--trials',
      String(trials),
    ],
    'gradscope train 2-128-128-1, 2000 points, 600 steps': () => [...train, '--json'],
  };
  console.log(`median of ${reps}; node ${process.version}`);
  console.log('| work | alone s | two at once s | scaling |');
  console.log('|---|---:|---:|---:|');
  for (const [name, argv] of Object.entries(kinds)) {
    // the trials are split (2 × half the work); the other two kinds run the same work twice
    const split = name.includes('split');
    const alone = [];
    const both = [];
    for (let r = 0; r < reps; r++) {
      let t0 = performance.now();
      await run(argv(0, 1));
      alone.push(performance.now() - t0);
      t0 = performance.now();
      await Promise.all([run(argv(0, 2)), run(argv(1, 2))]);
      both.push(performance.now() - t0);
    }
    const [a, b] = [median(alone) / 1000, median(both) / 1000];
    const scaling = split ? a / b : (2 * a) / b;
    console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${scaling.toFixed(2)}× |`);
  }
}
