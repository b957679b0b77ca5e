// `gradscope experiment trainability` runs its grid through the sweep engine (runSweep on worker
// threads): the same trials give the same accuracies, bit for bit, as the library's in-process runner on
// a fresh WASM kernel set per trial (the kernels `gradscope train` and every sweep trial run on).

import { describe, expect, it } from 'vitest';
import { sweepRunner } from '../src/cli/trainability-sweep.js';
import {
  clustersCsv,
  createWasmKernels,
  DEFAULT_BUDGET,
  inProcessRunner,
  trainabilityTrials,
} from '../src/index.js';

describe('trainability as a sweep', () => {
  it('gives the in-process WASM runner’s accuracies, bit for bit, on two worker threads', async () => {
    const budget = { ...DEFAULT_BUDGET, width: 12, steps: 40 };
    const trials = trainabilityTrials({ depths: [3, 12], sigmaW2: [1, 2.5] }, budget, 1);
    const csv = clustersCsv(1);
    const seen: number[] = [];
    const swept = await sweepRunner(2)(trials, csv, (k) => seen.push(k));
    const local = await inProcessRunner({ seed: 1, kernels: () => createWasmKernels() })(
      trials,
      csv,
      () => {},
    );
    expect(swept).toEqual(local);
    expect(swept.every((o) => o.valAccuracy !== null && o.valAccuracy > 0)).toBe(true);
    expect(seen.at(-1)).toBe(4);
  }, 60_000);
});
