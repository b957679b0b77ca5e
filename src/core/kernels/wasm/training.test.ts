// Training through the WASM kernels gives the loss curve of the reference kernels, to float32 rounding:
// same seed, same data, same steps; only the summation order inside the kernels differs.
// NOTE: rounding differences are amplified by the training dynamics. On the 12-layer ReLU net the curves
// agree to ~3e-7 for 100 steps, then drift apart once the loss is small and a few points near the
// boundary dominate it (1.7e-3 at step 200), as float32 and float64 runs of the reference kernels do too
// (2e-5), so the comparison covers the first 100 steps.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config.js';
import { prepareData } from '../../data/prepare.js';
import { createTrainer } from '../../train/trainer.js';
import { referenceKernels } from '../reference.js';
import type { Kernels } from '../types.js';
import { createWasmKernels } from './index.js';

function lossCurve(kernels: Kernels, input: Parameters<typeof resolveConfig>[0], steps: number): number[] {
  const config = resolveConfig({ ...input, steps, dtype: 'float32', seed: 7 });
  const trainer = createTrainer(config, prepareData(config), { kernels });
  return Array.from({ length: steps }, () => trainer.step().loss);
}

const cases = [
  {
    name: 'a tanh MLP on spiral data (mse-free: bce)',
    input: { data: 'spiral', hidden: '16,16', activation: 'tanh' },
  },
  {
    name: 'a 12-layer ReLU MLP on circle data',
    input: { data: 'circle', depth: 12, width: 24, activation: 'relu', init: 'he-normal' },
  },
  {
    name: 'a sine regression with batch 1',
    input: { data: 'sine', hidden: '9', activation: 'tanh', batchSize: 1 },
  },
];

describe('WASM kernels train like the reference kernels', () => {
  for (const { name, input } of cases) {
    it(`gives the same 100-step loss curve for ${name}, to 1e-5 relative`, async () => {
      const wasm = await createWasmKernels({ memoryBytes: 16 << 20 });
      const want = lossCurve(referenceKernels, input, 100);
      const got = lossCurve(wasm, input, 100);
      let worst = 0;
      for (let s = 0; s < want.length; s++)
        worst = Math.max(worst, Math.abs(got[s]! - want[s]!) / Math.abs(want[s]!));
      expect(worst).toBeLessThan(1e-5);
      expect(got[0]).toBeCloseTo(want[0]!, 6);
    });
  }
});
