import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm/index.js';
import { RIGHT_SIZED, runUnderfitting, SPIRAL_NETS } from './underfitting.js';

describe('underfitting', () => {
  it('on spiral: linear underfits, the right-sized net is healthy, 256,256 on 100 points overfits, stopped early it underfits with "train longer"', async () => {
    const r = await runUnderfitting({ seed: 1, kernels: () => createWasmKernels({ memoryBytes: 32 << 20 }) });
    const [spiral] = r.data.sweeps;
    expect(spiral!.points.map((p) => p.net)).toEqual([...SPIRAL_NETS]);
    const at = (net: string) => spiral!.points.find((p) => p.net === net)!;
    // bias: the linear model's losses both stay near ln 2, the constant predictor's
    expect(at('linear').fit).toBe('underfitting');
    expect(at('linear').trainLoss).toBeGreaterThan(0.9 * Math.log(2));
    expect(at('linear').fix).toContain('`--depth 2`');
    // variance: the oversized net fits its 100 points and the gap is wide open
    expect(at('256,256').fit).toBe('overfitting');
    expect(at('256,256').valLoss - at('256,256').trainLoss).toBeGreaterThan(
      10 * (at('linear').valLoss - at('linear').trainLoss),
    );
    // the verdicts along capacity never go back: underfitting, then healthy, then overfitting
    const order = { underfitting: 0, healthy: 1, overfitting: 2 } as const;
    const fits = spiral!.points.map((p) => order[p.fit]);
    expect(fits).toEqual([...fits].sort());
    const { full, early } = r.data.budget;
    expect([full.net, early.net]).toEqual([RIGHT_SIZED, RIGHT_SIZED]);
    expect(full.verdict).toBe('healthy');
    expect(early.fit).toBe('underfitting');
    expect(early.fix).toContain('train longer');
    expect(early.fix).not.toMatch(/--l2|--weight-decay|--dropout/);
    expect(r.data.skipped).toEqual(['fashion-mnist: no data-set loader was given (the CLI passes one)']);
  }, 120_000);
});
