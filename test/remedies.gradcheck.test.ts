// Float64 finite-difference checks of the remedies inside whole networks: norms, residual blocks, L1,
// dropout, and all of them mixed.

import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../src/core/kernels/reference.js';
import type { DropoutLayer } from '../src/core/layers/dropout.js';
import { getLoss } from '../src/core/losses.js';
import { createModel, type Model, type ModelSpec } from '../src/core/model.js';
import { penalty } from '../src/core/regularize.js';
import { createRng } from '../src/core/rng.js';
import { checkModelGrads, float64Trainer, gradcheckTrainer, randomDataset } from './helpers/gradcheck.js';
import { adjointGap, checkLayerJvp, randomVec, replayRng } from './helpers/layercheck.js';

const TOL = 1e-6;

function worst(errors: { maxRelError: number }[]): number {
  return Math.max(...errors.map((e) => e.maxRelError));
}

/** Move norm gains and biases off their (1, 0) init so the check does not sit at a special point. */
function jiggleNorms(model: Model, seed = 5): void {
  const rng = createRng(seed);
  for (const t of model.tensors) {
    if (!t.name.startsWith('norms.')) continue;
    const base = t.name.endsWith('weight') ? 1 : 0;
    for (let i = 0; i < t.size; i++) t.value[i] = base + 0.4 * rng.normal();
  }
}

/**
 * Under BatchNorm (train mode) a hidden Dense bias only shifts the batch mean that BatchNorm subtracts, so its
 * true gradient is 0 and finite differences return round-off: those tensors must be ~0 in absolute terms, and
 * the rest must pass the relative check.
 */
function worstUnderBatchNorm(model: Model, errors: { name: string; maxRelError: number }[]): number {
  const hiddenBias = (name: string): boolean =>
    /^layers\.\d+\.bias$/.test(name) && name !== `layers.${model.blocks.length - 1}.bias`;
  for (const t of model.tensors.filter((v) => hiddenBias(v.name))) {
    for (let i = 0; i < t.size; i++) expect(Math.abs(t.grad[i]!)).toBeLessThan(1e-12);
  }
  return worst(errors.filter((e) => !hiddenBias(e.name)));
}

describe('gradient checks of the remedies (float64, max relative error < 1e-6)', () => {
  const multi = randomDataset(6, 3, 'multiclass', 3);
  const binary = randomDataset(7, 4, 'binary');

  it.each(['layer', 'batch'] as const)(
    'a network with --norm %s checks, norm gains and biases included',
    (norm) => {
      const t = float64Trainer(
        { activation: 'tanh', hidden: [5, 4], norm, loss: 'ce', biasInit: 0.1 },
        multi,
      );
      jiggleNorms(t.model);
      const errors = gradcheckTrainer(t);
      const w = norm === 'batch' ? worstUnderBatchNorm(t.model, errors) : worst(errors);
      expect(errors.map((e) => e.name)).toEqual([
        'layers.0.weight',
        'layers.0.bias',
        'norms.0.weight',
        'norms.0.bias',
        'layers.1.weight',
        'layers.1.bias',
        'norms.1.weight',
        'norms.1.bias',
        'layers.2.weight',
        'layers.2.bias',
      ]);
      expect(w).toBeLessThan(TOL);
    },
  );

  it.each([
    ['unscaled', 1],
    ['scaled by 0.5', 0.5],
    ['scaled by auto = 1/√L', 'auto'],
  ] as const)('residual blocks (%s) check', (_label, residualScale) => {
    const t = float64Trainer(
      { activation: 'tanh', hidden: [4, 4, 4], residual: true, residualScale, loss: 'bce' },
      binary,
    );
    const s = residualScale === 'auto' ? 1 / Math.sqrt(3) : residualScale;
    expect(t.model.blocks.map((b) => b.residualScale)).toEqual([s, s, s, null]);
    expect(worst(gradcheckTrainer(t))).toBeLessThan(TOL);
  });

  it('residual blocks skip only where widths match (3 → 5 is plain, 5 → 5 is residual)', () => {
    const t = float64Trainer({ activation: 'tanh', hidden: [5, 5], residual: true, loss: 'ce' }, multi);
    expect(t.model.blocks.map((b) => b.residualScale)).toEqual([null, 1, null]);
    expect(worst(gradcheckTrainer(t))).toBeLessThan(TOL);
  });

  it('the L1 term λ‖W‖₁ contributes λ·sign(W) and checks away from 0', () => {
    const t = float64Trainer({ activation: 'tanh', hidden: [4, 3], l1: 0.05, loss: 'bce' }, binary);
    // the 5-point stencil spans ±2h = ±2e-4: every weight must sit farther than that from the kink
    for (const w of t.model.tensors.filter((v) => v.decay)) {
      for (let i = 0; i < w.size; i++) expect(Math.abs(w.value[i]!)).toBeGreaterThan(1e-3);
    }
    expect(worst(gradcheckTrainer(t))).toBeLessThan(TOL);
  });

  it.each([
    { norm: 'layer', residual: true, residualScale: 0.7, l1: 0.02, l2: 0.1, activation: 'gelu' },
    { norm: 'batch', residual: true, residualScale: 'auto', l1: 0.01, l2: 0.05, activation: 'tanh' },
    { norm: 'layer', residual: true, l2: 0.2, activation: 'elu' },
  ] as const)('a whole network mixing remedies checks: %o', (remedies) => {
    const t = float64Trainer({ hidden: [3, 5, 5, 5], loss: 'ce', biasInit: 0.05, ...remedies }, multi);
    jiggleNorms(t.model);
    const errors = gradcheckTrainer(t);
    const w = remedies.norm === 'batch' ? worstUnderBatchNorm(t.model, errors) : worst(errors);
    expect(w).toBeLessThan(TOL);
  });

  it('a network with dropout, layer norm, residual, L1 and L2 checks with the mask held fixed', () => {
    const spec: ModelSpec = {
      inputDim: 3,
      hidden: [5, 5, 5],
      outputDim: 3,
      activation: 'tanh',
      init: 'xavier-normal',
      biasInit: 0.1,
      norm: 'layer',
      residual: true,
      residualScale: 1,
      dropout: 0.3,
    };
    const replay = replayRng(() => createRng(21));
    const B = multi.n;
    const model = createModel(spec, {
      kernels: referenceKernels,
      dtype: 'float64',
      capacity: B,
      rng: replay.rng,
    });
    model.initialize(createRng(22));
    jiggleNorms(model);
    model.input.set(multi.x);
    const loss = getLoss('ce');
    const dLogits = new Float64Array(B * 3);
    const objective = (): number => {
      replay.reset(); // redraw the same masks for every evaluation
      const logits = model.forward(B, 'train');
      return loss.forwardBackward(logits, multi.y, B, 3, null) + penalty(model, 0.1, 0.01);
    };
    objective();
    model.zeroGrad();
    replay.reset();
    loss.forwardBackward(model.forward(B, 'train'), multi.y, B, 3, dLogits);
    model.backward(dLogits, B);
    for (const t of model.tensors) {
      if (!t.decay) continue;
      for (let i = 0; i < t.size; i++) t.grad[i] += 0.1 * t.value[i]! + 0.01 * Math.sign(t.value[i]!);
    }
    // the masks really drop units, or this would not test dropout's backward
    const dropout = model.blocks[1]!.layers.find((l): l is DropoutLayer => l.kind === 'dropout');
    expect(Array.from(dropout!.mask.subarray(0, B * 5))).toContain(0);
    expect(worst(checkModelGrads(model, objective))).toBeLessThan(TOL);
  });

  it.each([
    ['layer', 1],
    ['batch', 0.5],
    ['none', 'auto'],
  ] as const)(
    'a residual block with --norm %s: jvp matches central differences and vjp is its adjoint',
    (norm, scale) => {
      const t = float64Trainer(
        { activation: 'tanh', hidden: [4, 4], norm, residual: true, residualScale: scale, loss: 'bce' },
        binary,
      );
      jiggleNorms(t.model);
      const block = t.model.blocks[1]!;
      expect(block.residualScale).not.toBeNull();
      const B = binary.n;
      const rng = createRng(8);
      const x = randomVec(B * 4, rng);
      // eval mode: a per-example function for every norm, so the Jacobian is well defined per row
      const err = checkLayerJvp(block, x, B, randomVec(B * 4, rng), 'eval');
      expect(err).toBeLessThan(TOL);
      block.forward(x, B, 'eval');
      expect(adjointGap(block, B, randomVec(B * 4, rng), randomVec(B * 4, rng))).toBeLessThan(1e-12);
    },
  );
});
