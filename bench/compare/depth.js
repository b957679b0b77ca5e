// Step time against depth: W3's shape (32 wide, ReLU, batch 64) at 10, 20, 40 and 80 hidden layers,
// gradscope with the WASM kernels and diagnostics on. Linear in depth means constant time per layer.
// Run as its own process (bench/compare.js spawns it) so no other engine shares its JIT state.
// Usage: node bench/compare/depth.js [reps]   → prints [{"depth":10,"ms":…,"perLayerUs":…}, …]

import { createWasmKernels } from '../../dist/core/kernels/wasm/index.js';
import { median, timeSteps } from './measure.js';
import { createGradscopeRunner } from './peers/gradscope.js';
import { makeData, w3AtDepth } from './workloads.js';

const DEPTHS = [10, 20, 40, 80];

function benchDepth(kernels, reps, log) {
  const out = [];
  for (const depth of DEPTHS) {
    const w = w3AtDepth(depth);
    const runner = createGradscopeRunner(w, makeData(w), kernels);
    const steps = 200;
    timeSteps(runner, steps);
    const times = [];
    for (let r = 0; r < reps; r++) times.push(timeSteps(runner, steps) / steps);
    const ms = median(times);
    log(`depth ${depth}: ${ms.toFixed(4)} ms/step`);
    out.push({ depth, ms, perLayerUs: (ms * 1000) / (depth + 1) });
  }
  return out;
}

const kernels = await createWasmKernels();
const reps = Number(process.argv[2] ?? 5);
console.log(JSON.stringify(benchDepth(kernels, reps, (line) => process.stderr.write(`${line}\n`))));
