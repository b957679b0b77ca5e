// npm run bench:loop -- OTHER: the training loop's throughput here against another checkout's (built),
// e.g. the commit before the one-loop redesign:
//   git worktree add /tmp/base 22fff9a && (cd /tmp/base && npm ci && npm run build)
//   npm run bench:loop -- /tmp/base
// runTraining on W1–W3 (bench/compare/workloads.js), WASM kernels, probes off, instruments at every 10th
// step (the CLI's default); each tree runs in its own process, alternating, 4 rounds; steps/s are the
// median of 3 timed runs a round, and the table gives the median over the rounds and the ratio.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const other = process.argv[2];
const child = process.argv[3];

async function measure(root) {
  const { runTraining } = await import(`${root}/dist/core/train/run.js`);
  const { createTrainer } = await import(`${root}/dist/core/train/trainer.js`);
  const { resolveConfig } = await import(`${root}/dist/core/config.js`);
  const { createWasmKernels } = await import(`${root}/dist/core/kernels/wasm/index.js`);
  const plain = await import(`${root}/dist/core/kernels/plain-stats.js`).catch(
    () => import(`${root}/dist/core/diagnostics/buffer-stats.js`),
  );
  const { makeData, WORKLOADS } = await import(`${here}/bench/compare/workloads.js`);
  const kernels = await createWasmKernels();
  const out = {};
  for (const w of WORKLOADS) {
    const data = makeData(w);
    const steps = { W1: 40000, W2: 150, W3: 4000 }[w.id];
    const config = resolveConfig({
      hidden: w.hidden.join(','),
      activation: w.activation,
      init: w.activation === 'relu' ? 'he-normal' : 'xavier-normal',
      loss: w.loss,
      batchSize: w.batch,
      lr: w.lr,
      steps,
      seed: 1,
      logEvery: 10,
    });
    const train = {
      name: w.id,
      ...{ x: data.x, y: data.y, n: w.n, inputDim: w.inputDim, targetDim: 1 },
      task: w.loss === 'ce' ? 'multiclass' : 'regression',
      ...(w.loss === 'ce' ? { numClasses: w.outputDim } : {}),
    };
    const rates = [];
    for (let k = 0; k < 4; k++) {
      const trainer = createTrainer(config, { train, val: null }, { kernels });
      // the old loop took the WASM twins as an option; the new kernel sets carry them
      const stats =
        !kernels.stats && kernels.bufferStats ? { stats: kernels.bufferStats(plain.plainBufferStats) } : {};
      const t0 = performance.now();
      runTraining(trainer, {}, { probes: false, clock: null, ...stats });
      if (k > 0) rates.push(steps / ((performance.now() - t0) / 1000));
    }
    out[w.id] = median(rates);
  }
  return out;
}

if (child) {
  console.log(JSON.stringify(await measure(child)));
} else {
  if (!other) throw new Error('usage: node bench/loop-ab.js OTHER_CHECKOUT (built)');
  const run = (root) =>
    JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), '-', root], { encoding: 'utf8' }),
    );
  const rounds = { here: [], other: [] };
  for (let r = 0; r < 4; r++) {
    rounds.here.push(run(here));
    rounds.other.push(run(other));
  }
  console.log('| workload | here steps/s | other steps/s | here ÷ other |');
  console.log('|---|---:|---:|---:|');
  for (const id of Object.keys(rounds.here[0])) {
    const a = median(rounds.here.map((x) => x[id]));
    const b = median(rounds.other.map((x) => x[id]));
    console.log(
      `| ${id} | ${Math.round(a).toLocaleString('en-US')} | ${Math.round(b).toLocaleString('en-US')} | ${(a / b).toFixed(3)} |`,
    );
  }
}
