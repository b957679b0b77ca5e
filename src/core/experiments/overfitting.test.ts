import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm/index.js';
import { OVERFIT_LAMBDAS, runOverfitting } from './overfitting.js';

describe('overfitting', () => {
  it('on its default seed the validation loss is U-shaped in λ: the best λ is strictly inside the sweep', async () => {
    const r = await runOverfitting({ seed: 1, kernels: () => createWasmKernels({ memoryBytes: 32 << 20 }) });
    const { runs, bestLambda, uShaped } = r.data;
    expect(runs.map((x) => x.lambda)).toEqual([...OVERFIT_LAMBDAS]);
    const best = runs.findIndex((x) => x.lambda === bestLambda);
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(runs.length - 1);
    expect(uShaped).toBe(true);
    // the diagnostics' verdicts run overfitting → healthy → underfitting, in that order
    const order = { overfitting: 0, healthy: 1, underfitting: 2 } as const;
    const fits = runs.map((x) => order[x.fit]);
    expect(fits).toEqual([...fits].sort());
    expect(runs[0]!.fit).toBe('overfitting');
    expect(runs[best]!.fit).toBe('healthy');
    expect(runs.at(-1)!.fit).toBe('underfitting');
    // large weights, sharp edges: λ = 0 is sharper and heavier than the best λ
    expect(runs[0]!.sharpness).toBeGreaterThan(runs[best]!.sharpness);
    expect(runs[0]!.weightNorm).toBeGreaterThan(runs[best]!.weightNorm);
    // the steepest edge (max ‖∂P/∂x‖ over the grid) falls with every step of λ up to the best
    for (let i = 1; i <= best; i++) expect(runs[i]!.sharpnessMax).toBeLessThan(runs[i - 1]!.sharpnessMax);
  });
});
