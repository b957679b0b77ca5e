// The Fashion-MNIST row of bench/compare.js: 784-256-256-10 ReLU (He init), softmax-CE, plain SGD,
// batch 128, on the real pixels (x/255) of the 60,000 training images, validated on the 10,000 test
// images every EVAL_EVERY steps. Per engine: wall time of the training steps until the validation
// accuracy first reaches TARGET (evaluation time not counted), and training samples/s over those steps.

import { createRng } from '../../dist/core/rng.js';
import { createSession, partRows, resolveConfig } from '../../dist/index.js';
import { loadFashionMnist } from '../../dist/node/data-sets.js';
import { createTfjsRunner, tf, useBackend } from './peers/tfjs.js';

export const FASHION = {
  id: 'FMNIST',
  title: 'Fashion-MNIST 784-256-256-10 ReLU, softmax-CE, b128, real pixels',
  inputDim: 784,
  hidden: [256, 256],
  outputDim: 10,
  activation: 'relu',
  loss: 'ce',
  batch: 128,
  lr: 0.1,
};
export const TARGET = 0.85;
const EVAL_EVERY = 100;
/** give up after this many steps (≈ 20 epochs) */
const MAX_STEPS = 9400;

function fashionData() {
  const loaded = loadFashionMnist();
  const all = (n) => Int32Array.from({ length: n }, (_, i) => i);
  // one seeded order of the training rows: TF.js cycles its batches in it; gradscope reshuffles each epoch
  const order = createRng(1).shuffle(all(loaded.train.n));
  const train = partRows(loaded, loaded.train, order);
  const val = partRows(loaded, loaded.test, all(loaded.test.n));
  return { train, val };
}

/** Train until the validation accuracy reaches TARGET: { steps, ms, accuracy, samplesPerSecond }. */
async function toTarget(engine, step, accuracy) {
  let ms = 0;
  let acc = 0;
  let steps = 0;
  while (acc < TARGET && steps < MAX_STEPS) {
    const t0 = performance.now();
    for (let i = 0; i < EVAL_EVERY; i++) step();
    ms += performance.now() - t0;
    steps += EVAL_EVERY;
    acc = await accuracy();
  }
  return {
    engine,
    steps,
    ms,
    accuracy: acc,
    reached: acc >= TARGET,
    samplesPerSecond: (steps * FASHION.batch * 1000) / ms,
  };
}

function gradscopeRun(data, kernels) {
  const w = FASHION;
  const config = resolveConfig({
    hidden: w.hidden.join(','),
    activation: w.activation,
    init: 'he-normal',
    loss: w.loss,
    batchSize: w.batch,
    lr: w.lr,
    optimizer: 'sgd',
    steps: MAX_STEPS,
    seed: 1,
  });
  // diagnostics as `gradscope train` runs them: the watch every step, the instruments every 10th
  const session = createSession(
    config,
    { train: data.train, val: null },
    { kernels, probes: false, maxHistory: 64 },
  );
  return toTarget(
    'gradscope (wasm, diagnostics as train runs them)',
    () => session.step(),
    () => session.trainer.evaluate(data.val).accuracy,
  );
}

async function tfjsRun(data) {
  const w = { ...FASHION, n: data.train.n };
  const rows = { xs: [], ys: [] };
  for (let i = 0; i < data.train.n; i++) {
    rows.xs.push(Float32Array.from(data.train.x.subarray(i * 784, (i + 1) * 784)));
    const t = new Float32Array(10);
    t[data.train.y[i]] = 1;
    rows.ys.push(t);
  }
  const runner = await createTfjsRunner(w, rows, 'wasm');
  const xVal = tf.tensor2d(Float32Array.from(data.val.x), [data.val.n, 784]);
  const labels = Int32Array.from(data.val.y);
  const accuracy = async () => {
    await useBackend('wasm');
    const predicted = tf.tidy(() => {
      let h = xVal;
      const L = runner.params.length / 2;
      for (let l = 0; l < L; l++) {
        const z = tf.add(tf.matMul(h, runner.params[2 * l]), runner.params[2 * l + 1]);
        h = l + 1 < L ? tf.relu(z) : z;
      }
      return tf.argMax(h, 1);
    });
    const p = predicted.dataSync();
    predicted.dispose();
    let right = 0;
    for (let i = 0; i < labels.length; i++) if (p[i] === labels[i]) right++;
    return right / labels.length;
  };
  return toTarget('TF.js wasm', () => runner.step(), accuracy);
}

export async function benchFashion(kernels, log) {
  const data = fashionData();
  const results = [];
  for (const run of [() => gradscopeRun(data, kernels), () => tfjsRun(data)]) {
    const r = await run();
    log(
      `${FASHION.id} ${r.engine}: ${r.steps} steps, ${(r.ms / 1000).toFixed(1)} s, val acc ${r.accuracy}, ${Math.round(r.samplesPerSecond)} samples/s`,
    );
    results.push(r);
  }
  return results;
}
