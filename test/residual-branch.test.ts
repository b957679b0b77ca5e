// The two-layer residual branch (--residual-branch 2): h + s·(W₂ f(W₁h + b₁) + b₂), its gradients,
// tangents and adjoints checked in float64, and its growth at init against the closed form (1 + s²)^L.

import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../src/core/kernels/reference.js';
import { createModel, type ModelSpec } from '../src/core/model.js';
import { createRng } from '../src/core/rng.js';
import { float64Trainer, gradcheckTrainer, randomDataset } from './helpers/gradcheck.js';
import { adjointGap, checkLayerJvp, randomVec } from './helpers/layercheck.js';

const TOL = 1e-6;
const worst = (errors: { maxRelError: number }[]) => Math.max(...errors.map((e) => e.maxRelError));

describe('--residual-branch 2 (float64 finite differences, max relative error < 1e-6)', () => {
  const binary = randomDataset(7, 4, 'binary');

  it.each([1, 0.5, 'auto'] as const)(
    'a two-layer branch scaled by %s checks, both Dense layers of it',
    (scale) => {
      const t = float64Trainer(
        {
          activation: 'tanh',
          hidden: [4, 4, 4],
          residual: true,
          residualBranch: 2,
          residualScale: scale,
          loss: 'bce',
          biasInit: 0.1,
        },
        binary,
      );
      const s = scale === 'auto' ? 1 / Math.sqrt(3) : scale;
      expect(t.model.blocks.map((b) => b.residualScale)).toEqual([s, s, s, null]);
      const errors = gradcheckTrainer(t);
      expect(errors.map((e) => e.name)).toContain('branches.1.weight');
      expect(errors.map((e) => e.name)).toContain('branches.2.bias');
      expect(worst(errors)).toBeLessThan(TOL);
    },
  );

  it('the first block (2 → n) is not residual and `auto` counts only the residual blocks', () => {
    const data = randomDataset(6, 2, 'binary');
    const t = float64Trainer(
      {
        activation: 'tanh',
        hidden: [4, 4, 4, 4, 4],
        residual: true,
        residualBranch: 2,
        residualScale: 'auto',
        loss: 'bce',
      },
      data,
    );
    expect(t.model.blocks.map((b) => b.residualScale)).toEqual([null, 0.5, 0.5, 0.5, 0.5, null]);
    expect(t.model.tensors.some((v) => v.name.startsWith('branches.0.'))).toBe(false);
    expect(t.plan.parameters).toBe(t.model.params.length);
    expect(worst(gradcheckTrainer(t))).toBeLessThan(TOL);
  });

  it("scale 0 (SkipInit's α = 0) makes every residual block the identity at init", () => {
    const t = float64Trainer(
      {
        activation: 'relu',
        hidden: [4, 4],
        residual: true,
        residualBranch: 2,
        residualScale: 0,
        loss: 'bce',
      },
      binary,
    );
    const block = t.model.blocks[1]!;
    const x = randomVec(3 * 4, createRng(2));
    expect([...block.forward(x, 3, 'eval').subarray(0, 12)]).toEqual([...x]);
  });

  it('a block with a two-layer branch has the jvp of its forward and the vjp adjoint to it', () => {
    const t = float64Trainer(
      {
        activation: 'tanh',
        hidden: [4, 4],
        residual: true,
        residualBranch: 2,
        residualScale: 0.7,
        loss: 'bce',
        biasInit: 0.1,
      },
      binary,
    );
    const block = t.model.blocks[1]!;
    const rng = createRng(4);
    const B = 3;
    const x = randomVec(B * 4, rng);
    expect(checkLayerJvp(block, x, B, randomVec(B * 4, rng), 'eval')).toBeLessThan(TOL);
    block.forward(x, B, 'eval');
    expect(adjointGap(block, B, randomVec(B * 4, rng), randomVec(B * 4, rng))).toBeLessThan(1e-12);
  });
});

describe('growth of a linear residual net with a two-layer branch', () => {
  // NOTE: with σ_w² = 1 for both layers, E‖h + s W₂W₁h‖² = (1 + s²)‖h‖² exactly in expectation, so
  // E‖h_L‖²/‖h_0‖² = (1 + s²)^L. Width 256 keeps one draw's log within ~2% of L·ln(1 + s²).
  const N = 256;
  const L = 20;
  const spec = (s: number): ModelSpec => ({
    inputDim: N,
    hidden: Array.from({ length: L }, () => N),
    outputDim: 1,
    activation: 'linear',
    init: 'variance-scaling:1',
    biasInit: 0,
    norm: 'none',
    residual: true,
    residualBranch: 2,
    residualScale: s,
    dropout: 0,
  });

  it.each([0.5, 1])('grows like (1 + s²)^L at s = %s (20 blocks, width 256, 3 seeds)', (s) => {
    for (const seed of [1, 2, 3]) {
      const model = createModel(spec(s), {
        kernels: referenceKernels,
        dtype: 'float64',
        capacity: 32,
        rng: createRng(seed),
      });
      model.initialize(createRng(seed));
      const rng = createRng(100 + seed);
      for (let i = 0; i < 32 * N; i++) model.input[i] = rng.normal();
      let h: ArrayLike<number> = model.input;
      const sq = (v: ArrayLike<number>) => {
        let t = 0;
        for (let i = 0; i < 32 * N; i++) t += v[i]! ** 2;
        return t;
      };
      const first = sq(h);
      for (const block of model.blocks.slice(0, L)) h = block.forward(h as Float64Array, 32, 'eval');
      const measured = Math.log(sq(h) / first);
      const predicted = L * Math.log(1 + s * s);
      expect(Math.abs(measured - predicted) / predicted).toBeLessThan(0.06);
    }
  });
});
