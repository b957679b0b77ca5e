// node bench/fused-ab.js [--reps 7] — the fused step against the layers' step, in one process, on W1–W3:
// samples/s of trainer.step() (WASM kernels, warm), the two trainers alternating rep by rep, medians.
// The fused trainer makes one WASM call a step; the layers' trainer ~20 (W1) to ~120 (W3).

import { parseArgs } from 'node:util';
import { createTrainer, createWasmKernels, resolveConfig } from '../dist/index.js';
import { median, syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const { values: args } = parseArgs({ options: { reps: { type: 'string', default: '7' } } });
const reps = Number(args.reps);
const REP_MS = 300;

function timeSteps(trainer, steps) {
  const start = performance.now();
  for (let i = 0; i < steps; i++) trainer.step();
  return performance.now() - start;
}

console.log('| workload | fused samples/s | layers samples/s | fused ÷ layers |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, w] of Object.entries(WORKLOADS)) {
  const data = { train: syntheticDataset(w, Math.max(w.batch * 8, 256)), val: null };
  const config = resolveConfig({ ...workloadSettings(w), lr: 0.01, steps: 1, dtype: 'float32' });
  const make = async (fused) => createTrainer(config, data, { kernels: await createWasmKernels(), fused });
  const trainers = { fused: await make(true), layers: await make(false) };
  const steps = {};
  for (const [k, t] of Object.entries(trainers)) {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < REP_MS) {
      t.step();
      n++;
    }
    steps[k] = Math.max(5, n);
  }
  const rates = { fused: [], layers: [] };
  for (let r = 0; r < reps; r++) {
    for (const k of r % 2 ? ['layers', 'fused'] : ['fused', 'layers']) {
      const ms = timeSteps(trainers[k], steps[k]);
      rates[k].push((steps[k] * w.batch * 1000) / ms);
    }
  }
  if (trainers.fused.stepPath !== 'fused') throw new Error(`${name}: ${trainers.fused.stepPath}`);
  const f = median(rates.fused);
  const l = median(rates.layers);
  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`| ${name} | ${fmt(f)} | ${fmt(l)} | ${(f / l).toFixed(2)}× |`);
}
