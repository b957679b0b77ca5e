// TensorFlow.js (tfjs-core 4.22) on its cpu or wasm backend: the same MLP written with tfjs-core ops,
// trained by plain SGD on pre-built batch tensors.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf };

/** @param {'cpu' | 'wasm'} backend */
export async function useBackend(backend) {
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  await tf.ready();
}

/**
 * @param {import('../workloads.js').Workload} w
 * @param {{ xs: Float32Array[], ys: Float32Array[] }} rows
 * @param {'cpu' | 'wasm'} backend
 */
export async function createTfjsRunner(w, rows, backend) {
  await useBackend(backend);
  const dims = [w.inputDim, ...w.hidden, w.outputDim];
  const params = [];
  for (let l = 0; l < dims.length - 1; l++) {
    const std = w.activation === 'relu' ? Math.sqrt(2 / dims[l]) : Math.sqrt(2 / (dims[l] + dims[l + 1]));
    params.push(tf.variable(tf.randomNormal([dims[l], dims[l + 1]], 0, std, 'float32', l + 1)));
    params.push(tf.variable(tf.zeros([dims[l + 1]])));
  }
  const batches = [];
  for (let s = 0; s + w.batch <= w.n; s += w.batch) {
    const xb = new Float32Array(w.batch * w.inputDim);
    const yb = new Float32Array(w.batch * w.outputDim);
    for (let r = 0; r < w.batch; r++) {
      xb.set(rows.xs[s + r], r * w.inputDim);
      yb.set(rows.ys[s + r], r * w.outputDim);
    }
    batches.push([tf.tensor2d(xb, [w.batch, w.inputDim]), tf.tensor2d(yb, [w.batch, w.outputDim])]);
  }
  // NOTE: tfjs-core alone registers no gradient functions (the @tensorflow/tfjs union package does, and
  // its ESM files cannot be imported by Node), so the backward pass is written out with tfjs ops.
  const relu = w.activation === 'relu';
  const L = params.length / 2;
  const trainStep = (x, y) => {
    const hs = [x]; // inputs of each Dense layer, then the logits
    let h = x;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(h, params[2 * l]), params[2 * l + 1]);
      h = l + 1 < L ? (relu ? tf.relu(z) : tf.tanh(z)) : z;
      hs.push(h);
    }
    const B = w.batch;
    let dz =
      w.loss === 'ce' ? tf.div(tf.sub(tf.softmax(h), y), B) : tf.mul(tf.sub(h, y), 2 / (B * w.outputDim));
    for (let l = L - 1; l >= 0; l--) {
      const W = params[2 * l];
      const b = params[2 * l + 1];
      const dW = tf.matMul(hs[l], dz, true, false);
      const db = tf.sum(dz, 0);
      if (l > 0) {
        const dh = tf.matMul(dz, W, false, true);
        const a = hs[l];
        dz = relu ? tf.mul(dh, tf.step(a)) : tf.mul(dh, tf.sub(1, tf.square(a)));
      }
      W.assign(tf.sub(W, tf.mul(dW, w.lr)));
      b.assign(tf.sub(b, tf.mul(db, w.lr)));
    }
  };
  let next = 0;
  return {
    /** W_0, b_0, W_1, b_1, …: W_l is (in, out) */
    params,
    async activate() {
      await useBackend(backend);
    },
    step() {
      const [x, y] = batches[next];
      next = (next + 1) % batches.length;
      tf.tidy(() => trainStep(x, y));
    },
    /** block until queued work is done (both backends run synchronously; this reads a weight) */
    sync() {
      params[0].dataSync();
    },
  };
}
