// brain.js 1.6.1 NeuralNetwork. It has no batches, softmax or cross-entropy: it trains online (one
// update per sample) with MSE and applies the activation on the output layer too. A "step" here is
// w.batch consecutive trainPattern calls, so samples/s compare like for like.

import brain from 'brain.js';

/**
 * @param {import('../workloads.js').Workload} w
 * @param {{ xs: Float32Array[], ys: Float32Array[] }} rows
 */
export function createBrainRunner(w, rows) {
  const net = new brain.NeuralNetwork({ hiddenLayers: w.hidden, activation: w.activation });
  const samples = rows.xs.map((input, i) => ({ input: Array.from(input), output: Array.from(rows.ys[i]) }));
  // train() sizes and initializes the network; then the inner loop is driven directly
  net.train(samples.slice(0, 1), { iterations: 1, errorThresh: 1e-6, learningRate: w.lr });
  // NOTE: train() rejects momentum 0 as "out of range"; plain SGD like everyone else needs it set after.
  net.trainOpts.momentum = 0;
  let next = 0;
  return {
    step() {
      for (let r = 0; r < w.batch; r++) {
        net.trainPattern(samples[next]);
        next = (next + 1) % samples.length;
      }
    },
  };
}
