import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm/index.js';
import { runInit } from './init.js';

describe('init', () => {
  it('He keeps the depth-30 activation std within 10× of layer 1; Xavier falls below 1e-3 of it', async () => {
    const r = await runInit({
      seed: 1,
      steps: 60,
      kernels: () => createWasmKernels({ memoryBytes: 32 << 20 }),
    });
    const of = (name: string) => r.data.runs.find((x) => x.init === name)!;
    const he = of('he-normal');
    const xavier = of('xavier-normal');
    expect(he.activationStd).toHaveLength(30);
    expect(he.stdRatio).toBeGreaterThan(0.1);
    expect(he.stdRatio).toBeLessThan(10);
    expect(xavier.stdRatio).toBeLessThan(1e-3);
    // ReLU is positively homogeneous and the biases start at 0, so Xavier's hidden weights are He's times
    // 1/√2 and its std ratio is He's times (1/√2)^29 exactly (up to rounding)
    expect(xavier.stdRatio / he.stdRatio).toBeCloseTo(2 ** (-29 / 2), 12);
    expect(of('normal:1').outcome).toBe('diverges');
    // training: He's loss falls, Xavier's stays at ln 2 (it stalls)
    expect(he.finalLoss!).toBeLessThan(he.loss[0]!);
    expect(Math.abs(xavier.finalLoss! - Math.LN2)).toBeLessThan(1e-3);
  });
});
