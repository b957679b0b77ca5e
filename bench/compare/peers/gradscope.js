// gradscope's side: the one training loop (a session stepped once per step(), as `gradscope train`
// steps it) with the per-step diagnostics on: the non-finite watch every step, and at every logged step
// the instruments (‖W_l‖, ‖∂L/∂W_l‖, ‖ΔW‖/‖W‖, signal norms and ratios, z/a/f' moments, dead and
// saturated fractions, on the kernels' WASM twins) and a history entry. `measureEvery` is the log
// interval: 1 measures every step (the worst case); 10 is what `gradscope train` does by default.
// Probes are off: they run between steps, not in one (see the README's probe costs).

import { createSession, resolveConfig } from '../../../dist/index.js';

/** history entries a benchmark session keeps (thinned past this), so a long run's memory stays flat */
const KEEP = 64;

/**
 * @param {import('../workloads.js').Workload} w
 * @param {{ x: Float64Array, y: Float64Array }} data
 * @param {import('../../../dist/index.js').Kernels} kernels
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
    // the session runs past its planned steps (stopAtTotal: false) for as long as the bench times it
    steps: w.steps,
    seed: 1,
    // without diagnostics a step is logged only at the first and the planned last step
    logEvery: diagnostics ? measureEvery : w.steps,
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
  let lastLoss = Number.NaN;
  const session = createSession(
    config,
    { train, val: null },
    {
      kernels,
      probes: false,
      instruments: diagnostics,
      watch: diagnostics,
      maxHistory: KEEP,
      stopAtTotal: false,
      onStep(record) {
        lastLoss = record.loss;
      },
    },
  );
  return {
    trainer: session.trainer,
    /** one step of w.batch samples */
    step() {
      session.step();
    },
    loss: () => lastLoss,
  };
}
