// The heap check in a process of its own: one gradscope model, WASM kernels, diagnostics on, as an
// application runs it. (In bench/compare.js's shared process, other models and engines make the layers'
// call sites polymorphic, and less optimized code allocates numbers on the heap.)
// Usage: node bench/compare/heap-check.js W2   → prints {"heap":…,"buffers":…,"arena":…}

import { createWasmKernels } from '../../dist/core/kernels/wasm/index.js';
import { heapPerStep } from './measure.js';
import { createGradscopeRunner } from './peers/gradscope.js';
import { makeData, WORKLOADS } from './workloads.js';

const w = WORKLOADS.find((x) => x.id === process.argv[2]);
if (!w) throw new Error(`heap-check: expected a workload id (${WORKLOADS.map((x) => x.id).join(', ')})`);
const kernels = await createWasmKernels();
const runner = createGradscopeRunner(w, makeData(w), kernels);
const steps = Math.round(30_000 / w.batch);
for (let i = 0; i < 3 * steps; i++) runner.step(); // let the JIT settle first
console.log(JSON.stringify(heapPerStep(runner, steps, () => kernels.bytesUsed())));
