// gradscope's side: the real training loop (createTrainer().step()) with the per-step diagnostics on:
// the instruments snapshot W before the step and measure after it (‖W_l‖, ‖∂L/∂W_l‖, ‖ΔW‖/‖W‖, signal
// norms and ratios, z/a/f' moments, dead and saturated fractions) for every layer, and the non-finite
// check runs on every step, and the parameters are copied before each step (the step guard, so a NaN/Inf
// step can be undone: src/core/train/step-guard.ts). `measureEvery` = 1 measures every step (the worst case); 10 is what
// `gradscope train` does by default (--log-every 10: the instruments at every logged step).

import { resolveConfig } from '../../../dist/core/config.js';
import { createInstruments } from '../../../dist/core/diagnostics/instruments.js';
import { createNonFiniteWatch } from '../../../dist/core/diagnostics/non-finite.js';
import { plainBufferStats } from '../../../dist/core/kernels/plain-stats.js';
import { createStepGuard } from '../../../dist/core/train/step-guard.js';
import { createTrainer } from '../../../dist/core/train/trainer.js';

/**
 * @param {import('../workloads.js').Workload} w
 * @param {{ x: Float64Array, y: Float64Array }} data
 * @param {import('../../../dist/core/kernels/types.js').Kernels} kernels
 */
export function createGradscopeRunner(w, data, kernels, diagnostics = true, measureEvery = 1) {
  const config = resolveConfig({
    hidden: w.hidden.join(','),
    activation: w.activation,
    init: w.activation === 'relu' ? 'he-normal' : 'xavier-normal',
    loss: w.loss,
    batchSize: w.batch,
    lr: w.lr,
    optimizer: 'sgd',
    steps: 1_000_000,
    seed: 1,
  });
  const train = {
    name: w.id,
    x: data.x,
    y: data.y,
    n: w.n,
    inputDim: w.inputDim,
    targetDim: 1,
    task: w.loss === 'ce' ? 'multiclass' : 'regression',
    ...(w.loss === 'ce' ? { numClasses: w.outputDim } : {}),
  };
  const trainer = createTrainer(config, { train, val: null }, { kernels });
  // as the CLI does: the kernels' WASM twins of the z/a/f' reductions when they have them
  const stats = kernels.bufferStats?.(plainBufferStats);
  const instruments = createInstruments(trainer.model, stats ? { stats } : {});
  const watch = createNonFiniteWatch(trainer.model);
  const guard = createStepGuard(trainer, false);
  let lastLoss = Number.NaN;
  let count = 0;
  return {
    trainer,
    /** one step of w.batch samples */
    step() {
      const measured = diagnostics && count++ % measureEvery === 0;
      if (measured) instruments.rememberWeights();
      if (diagnostics) guard.remember();
      const r = trainer.step();
      lastLoss = r.loss;
      if (diagnostics) watch.check(r);
      if (measured) instruments.measure(r.batchSize);
    },
    loss: () => lastLoss,
  };
}
