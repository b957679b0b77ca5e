// A sweep's trials run on the kernels `gradscope train` runs on: a fresh one-thread WASM set per trial,
// made by one maker that recycles one memory. Checked here: a recycled set starts from a zeroed memory
// (its first buffer at the same offset, all zeros, after the set before it filled its own); a trial run
// after another on one maker gives the document a brand-new createWasmKernels set gives; a sweep's trial,
// on a worker thread, ends on the very numbers a spawned `gradscope train --json` prints; float64 and
// GRADSCOPE_KERNELS=reference run on the reference kernels, as train does.

import { describe, expect, it } from 'vitest';
import { createWasmKernels, wasmKernelMaker } from '../src/core/kernels/wasm/index.js';
import { referenceKernels, resolveConfig, runTrial, selectKernelsPerRun } from '../src/index.js';
import { kernelChoice } from '../src/node/kernel-choice.js';
import { runSweep } from '../src/node/sweep/index.js';
import { gradscope } from './helpers/cli.js';

// adam at lr 0.2 on a 2-8-8-1 tanh net: chaotic enough that a last-bit difference in any kernel shows in
// the final loss within 200 steps (the reference kernels end at 0.0353, the WASM ones at 0.0098)
const CHAOTIC = {
  data: 'circle',
  samples: 200,
  hidden: [8, 8],
  activation: 'tanh',
  optimizer: 'adam',
  lr: 0.2,
  steps: 200,
  seed: 59,
} as const;

describe('the kernels of a sweep trial', () => {
  it('each set a maker returns starts on zeroed memory where the set before it wrote', async () => {
    const make = await wasmKernelMaker({ memoryBytes: 8 << 20 });
    const first = make();
    const a = first.alloc('float32', 1000) as Float32Array;
    a.fill(7);
    const second = make();
    const b = second.alloc('float32', 1000) as Float32Array;
    expect(b.byteOffset).toBe(a.byteOffset);
    expect(b.buffer).toBe(a.buffer);
    expect(b.every((x) => x === 0)).toBe(true);
    expect(second.bytesUsed()).toBe(first.bytesUsed());
  });

  it('a trial after another on one maker gives the document a brand-new WASM set gives', async () => {
    const config = resolveConfig(CHAOTIC);
    const other = resolveConfig({ ...CHAOTIC, hidden: [16, 4], lr: 0.05, seed: 3 });
    const make = await wasmKernelMaker();
    runTrial(other, 'final.val.loss', { kernels: make() });
    const recycled = runTrial(config, 'final.val.loss', { kernels: make() });
    const fresh = runTrial(config, 'final.val.loss', { kernels: await createWasmKernels() });
    const onReference = runTrial(config, 'final.val.loss', { kernels: referenceKernels });
    expect(recycled.status).toBe('done');
    expect(recycled.document).toEqual(fresh.document);
    // the case is one where the kernels show: the reference kernels end elsewhere
    expect(onReference.metric).not.toBe(fresh.metric);
  }, 60_000);

  it('a sweep trial on a worker thread ends on the numbers `gradscope train --json` prints', async () => {
    const { seed, ...rest } = CHAOTIC;
    const [trial] = await runSweep(
      {
        name: 'same-as-train',
        method: 'grid',
        metric: { name: 'final.val.loss', goal: 'minimize' },
        base: { ...rest, hidden: [...rest.hidden] },
        parameters: { seed: { values: [seed] } },
      },
      { jobs: 1 },
    );
    const args = ['train', '--json', '--data', 'circle', '--samples', '200', '--hidden', '8,8'];
    args.push('--activation', 'tanh', '--optimizer', 'adam', '--lr', '0.2', '--steps', '200', '--seed', '59');
    const r = gradscope(args);
    expect(r.code, r.stderr).toBe(0);
    const train = JSON.parse(r.stdout) as { final: { val: { loss: number } } };
    expect(trial?.status).toBe('done');
    expect(train.final.val.loss).toBeCloseTo(0.0098, 4);
    expect(trial?.final).toEqual(train.final);
  }, 60_000);

  it('float64 and GRADSCOPE_KERNELS=reference run on the reference kernels, as train does', async () => {
    const perRun = await selectKernelsPerRun('auto');
    expect(perRun('float64')).toBe(referenceKernels);
    expect(perRun('float32').name).toBe('wasm-simd');
    expect((await selectKernelsPerRun('reference'))('float32')).toBe(referenceKernels);
    const saved = process.env.GRADSCOPE_KERNELS;
    try {
      process.env.GRADSCOPE_KERNELS = 'reference';
      expect(kernelChoice()).toBe('reference');
      delete process.env.GRADSCOPE_KERNELS;
      expect(kernelChoice()).toBe('wasm');
    } finally {
      if (saved === undefined) delete process.env.GRADSCOPE_KERNELS;
      else process.env.GRADSCOPE_KERNELS = saved;
    }
  });
});
