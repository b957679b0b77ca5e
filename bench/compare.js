// npm run bench:compare — gradscope against TF.js (cpu, wasm), brain.js and ConvNetJS in one process:
// samples/s of training (forward + backward + SGD) on W1–W3, engines in rotating alternation, medians
// over --reps repetitions (default 5); then the peers that run in their own process (gradscope train through
// the CLI, PyTorch CPU at 1 and 2 threads: compare/process-peers.js), GEMM GFLOP/s, step time against depth
// and a heap check. Then the Fashion-MNIST row: time to 85% validation accuracy on the real images,
// gradscope vs TF.js wasm.
// Usage: node bench/compare.js [--reps 5] [--only W1,W3] [--no-gemm] [--no-depth] [--no-process] [--no-fashion]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectKernels } from '../dist/index.js';
import { spawnNodeWorker } from '../dist/node/wasm-threads.js';
import { benchFashion, FASHION, TARGET } from './compare/fashion.js';
import { benchGemm } from './compare/gemm.js';
import { fmt, median, table, timeSteps } from './compare/measure.js';
import { createBrainRunner } from './compare/peers/brain.js';
import { createConvnetRunner } from './compare/peers/convnet.js';
import { createGradscopeRunner } from './compare/peers/gradscope.js';
import { createTfjsRunner } from './compare/peers/tfjs.js';
import { benchProcessPeers, PROCESS_ENGINES } from './compare/process-peers.js';
import { makeData, rows, WORKLOADS } from './compare/workloads.js';

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-gemm': { type: 'boolean', default: false },
    'no-depth': { type: 'boolean', default: false },
    'no-fashion': { type: 'boolean', default: false },
    'no-process': { type: 'boolean', default: false },
  },
});
const reps = Number(args.reps);
const log = (s) => process.stderr.write(`${s}\n`);

const DEFAULT_ROW = 'gradscope (wasm, diagnostics as train runs them)';
const GRADSCOPE = [
  'gradscope (wasm)',
  DEFAULT_ROW,
  'gradscope (wasm, 2 threads)',
  'gradscope (wasm, no diagnostics)',
];
// NOTE: no reference-kernel row here: running the same layers with a second kernel implementation in
// one process makes their call sites polymorphic and slowed the WASM rows by 30-45% (W3, measured);
// `npm run bench` compares the two kernel sets in separate processes.
const PEERS = ['TF.js wasm', 'TF.js cpu', 'brain.js', 'ConvNetJS'];
const ENGINES = [...GRADSCOPE, ...PEERS];

const kernels = await selectKernels({ dtype: 'float32', prefer: 'wasm' });
const kernels2 = await selectKernels({
  dtype: 'float32',
  prefer: 'wasm',
  threads: { spawn: spawnNodeWorker },
});

async function createRunners(w) {
  const data = makeData(w);
  const r = rows(w, data);
  return {
    'gradscope (wasm)': createGradscopeRunner(w, data, kernels),
    [DEFAULT_ROW]: createGradscopeRunner(w, data, kernels, true, 10),
    'gradscope (wasm, 2 threads)': createGradscopeRunner(w, data, kernels2),
    'gradscope (wasm, no diagnostics)': createGradscopeRunner(w, data, kernels, false),
    'TF.js wasm': await createTfjsRunner(w, r, 'wasm'),
    'TF.js cpu': await createTfjsRunner(w, r, 'cpu'),
    'brain.js': createBrainRunner(w, r),
    ConvNetJS: createConvnetRunner(w, r, data),
  };
}

const workloads = WORKLOADS.filter((w) => !args.only || args.only.split(',').includes(w.id));
const results = {}; // engine → workload id → median samples/s
const heap = [];
const processPeers = {}; // workload id → the process peers' rates (compare/process-peers.js)
const processDir = mkdtempSync(join(tmpdir(), 'gradscope-bench-compare-'));
for (const w of workloads) {
  const runners = await createRunners(w);
  const samples = w.steps * w.batch;
  const rates = Object.fromEntries(ENGINES.map((e) => [e, []]));
  for (let rep = -1; rep < reps; rep++) {
    // rotate the order each repetition so no engine always runs first (rep −1 is the warm-up)
    const order = ENGINES.map((_, i) => ENGINES[(i + rep + 1) % ENGINES.length]);
    for (const e of order) {
      await runners[e].activate?.();
      const ms = timeSteps(runners[e], w.steps);
      if (rep >= 0) rates[e].push((samples * 1000) / ms);
    }
  }
  for (const e of ENGINES) {
    results[e] ??= {};
    results[e][w.id] = median(rates[e]);
    log(`${w.id} ${e}: ${fmt(results[e][w.id])} samples/s (${rates[e].map((x) => fmt(x)).join(', ')})`);
  }
  const gs = runners['gradscope (wasm)'];
  log(`${w.id} gradscope loss after training: ${gs.loss().toFixed(4)}`);
  const check = execFileSync(process.execPath, [
    new URL('./compare/heap-check.js', import.meta.url).pathname,
    w.id,
  ]);
  heap.push({ id: w.id, ...JSON.parse(check.toString()) });
  if (!args['no-process']) processPeers[w.id] = benchProcessPeers(w, makeData(w), processDir, reps, log);
}
rmSync(processDir, { recursive: true, force: true });

const ids = workloads.map((w) => w.id);
const out = [];
out.push(
  `Machine: ${cpus()[0]?.model} × ${cpus().length}, Node ${process.version}, ${new Date().toISOString()}`,
);
out.push(
  `Command: node bench/compare.js --reps ${reps}  (median of ${reps} repetitions, engines alternating)`,
);
out.push('');
out.push('Training throughput, samples/s (forward + backward + SGD; gradscope with per-step diagnostics):');
out.push('');
out.push(
  table(
    ['engine', ...workloads.map((w) => `${w.id} ${w.title}`)],
    ENGINES.map((e) => [e, ...ids.map((id) => fmt(results[e][id]))]),
  ),
);
out.push('');
const ratio = (id, e, g) => results[g][id] / results[e][id];
for (const g of ['gradscope (wasm)', DEFAULT_ROW]) {
  out.push(`${g}'s ratio to each peer:`);
  out.push('');
  out.push(
    table(
      ['peer', ...ids],
      [
        ...PEERS.map((e) => [e, ...ids.map((id) => `${fmt(ratio(id, e, g), 2)}×`)]),
        [
          '**fastest peer**',
          ...ids.map((id) => `${fmt(Math.min(...PEERS.map((e) => ratio(id, e, g))), 2)}×`),
        ],
      ],
    ),
  );
  out.push('');
}
if (!args['no-process']) {
  const pids = ids.filter((id) => processPeers[id]);
  const rate = (id, e) => processPeers[id].rates[e];
  const cell = (r) => `${fmt(r.median)} (${fmt(r.min)}–${fmt(r.max)})`;
  out.push(
    `Through the CLI (\`train --steps S\` minus \`--steps 0\`, wall time, S = ${pids.map((id) => `${id} ${WORKLOADS.find((w) => w.id === id).cliSteps}`).join(', ')}) and PyTorch CPU (S steps after S warm-up steps), samples/s, median (min–max) of ${reps}, alternated; OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}:`,
  );
  out.push('');
  out.push(
    table(
      ['engine', ...pids],
      PROCESS_ENGINES.map((e) => [e, ...pids.map((id) => cell(rate(id, e)))]),
    ),
  );
  out.push('');
  const cli = PROCESS_ENGINES[0];
  const versus = [...PROCESS_ENGINES.slice(1), 'brain.js', 'TF.js wasm'];
  out.push(`${cli}'s ratio (medians):`);
  out.push('');
  out.push(
    table(
      ['peer', ...pids],
      versus.map((e) => [
        e,
        ...pids.map((id) => {
          const peer = processPeers[id].rates[e]?.median ?? results[e][id];
          return `${fmt(rate(id, cli).median / peer, 2)}×`;
        }),
      ]),
    ),
  );
  out.push('');
}
out.push(
  'Heap check, gradscope (wasm, diagnostics on), steady state, per training step, one model per process:',
);
out.push('');
out.push(
  table(
    ['workload', 'JS heap bytes/step', 'ArrayBuffer bytes/step', 'WASM arena growth'],
    heap.map((h) => [h.id, fmt(h.heap), fmt(Math.max(0, h.buffers)), `${fmt(h.arena)} B`]),
  ),
);

if (!args['no-gemm']) {
  const g = await benchGemm(kernels, kernels2, reps, log);
  out.push('');
  out.push('GEMM, f32, n×n×n, GFLOP/s (median); one thread unless marked:');
  out.push('');
  out.push(
    table(
      [
        'n',
        'gradscope NN (A·B)',
        'gradscope NT (A·Bᵀ)',
        'gradscope TN (Aᵀ·B)',
        'gradscope NN, 2 threads',
        '2 threads ÷ 1',
        'reference JS',
        'tfjs-wasm matMul',
      ],
      g.map((r) => [
        r.n,
        fmt(r.NN, 1),
        fmt(r.NT, 1),
        fmt(r.TN, 1),
        fmt(r.NN2, 1),
        `${fmt(r.NN2 / r.NN, 2)}×`,
        fmt(r.reference, 2),
        fmt(r.tfjsWasm, 1),
      ]),
    ),
  );
}

if (!args['no-depth']) {
  const depthScript = new URL('./compare/depth.js', import.meta.url).pathname;
  const d = JSON.parse(
    execFileSync(process.execPath, [depthScript, String(reps)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }).toString(),
  );
  out.push('');
  out.push('Step time against depth, gradscope (wasm), W3 shape (32 wide, ReLU, batch 64), diagnostics on:');
  out.push('');
  out.push(
    table(
      ['hidden layers', 'ms/step', 'µs per layer'],
      d.map((r) => [r.depth, fmt(r.ms, 3), fmt(r.perLayerUs, 2)]),
    ),
  );
}

if (!args['no-fashion'] && (!args.only || args.only.split(',').includes(FASHION.id))) {
  const f = await benchFashion(kernels, log);
  out.push('');
  out.push(
    `${FASHION.title}, SGD lr ${FASHION.lr}: training time until the validation accuracy (10,000 test images, every 100 steps) first reaches ${TARGET * 100}% (one run each):`,
  );
  out.push('');
  out.push(
    table(
      ['engine', 'steps', 'seconds to 85%', 'val accuracy', 'samples/s'],
      f.map((r) => [r.engine, r.steps, fmt(r.ms / 1000, 1), r.accuracy, fmt(r.samplesPerSecond)]),
    ),
  );
}

console.log(out.join('\n'));
kernels2.close();
