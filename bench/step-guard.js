// node bench/step-guard.js — the step guard's cost on W2: one flat parameter copy (createStepGuard.remember)
// against one training step, WASM kernels, median of 7.

import { resolveConfig } from '../dist/core/config.js';
import { createWasmKernels } from '../dist/core/kernels/wasm/index.js';
import { createStepGuard } from '../dist/core/train/step-guard.js';
import { createTrainer } from '../dist/core/train/trainer.js';
import { syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const w = WORKLOADS['W2 784-256-256-10 ReLU CE b128'];
const kernels = await createWasmKernels();
const config = resolveConfig({
  ...workloadSettings(w),
  hidden: w.hidden.join(','),
  steps: 100000,
  lr: 0.01,
  dtype: 'float32',
});
const trainer = createTrainer(config, { train: syntheticDataset(w, 1024), val: null }, { kernels });
const guard = createStepGuard(trainer, false);
const N = 40;
const res = { step: [], copy: [] };
for (let rep = 0; rep < 7; rep++) {
  let t = performance.now();
  for (let i = 0; i < N; i++) trainer.step();
  res.step.push((performance.now() - t) / N);
  t = performance.now();
  for (let i = 0; i < 2000; i++) guard.remember();
  res.copy.push((performance.now() - t) / 2000);
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(
  `params ${trainer.model.params.length}, step ${med(res.step).toFixed(3)} ms, copy ${(med(res.copy) * 1000).toFixed(1)} µs, cost ${((100 * med(res.copy)) / med(res.step)).toFixed(2)}%`,
);
