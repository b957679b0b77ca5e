// ConvNetJS 0.3.0: fc layers with the activation built in, a softmax or regression loss layer, and
// its Trainer with batch_size = w.batch (gradients summed over the batch, one SGD update per batch).

import convnetjs from 'convnetjs';

/**
 * @param {import('../workloads.js').Workload} w
 * @param {{ xs: Float32Array[], ys: Float32Array[] }} rows
 * @param {{ y: Float64Array }} data
 */
export function createConvnetRunner(w, rows, data) {
  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: w.inputDim }];
  for (const h of w.hidden) defs.push({ type: 'fc', num_neurons: h, activation: w.activation });
  defs.push(
    w.loss === 'ce' ? { type: 'softmax', num_classes: w.outputDim } : { type: 'regression', num_neurons: 1 },
  );
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  const trainer = new convnetjs.Trainer(net, {
    method: 'sgd',
    learning_rate: w.lr,
    momentum: 0,
    batch_size: w.batch,
    l2_decay: 0,
  });
  const vols = rows.xs.map((x) => {
    const v = new convnetjs.Vol(1, 1, w.inputDim, 0);
    v.w.set(x);
    return v;
  });
  const targets = Array.from(data.y, (y) => (w.loss === 'ce' ? y : [y]));
  let next = 0;
  return {
    step() {
      for (let r = 0; r < w.batch; r++) {
        trainer.train(vols[next], targets[next]);
        next = (next + 1) % vols.length;
      }
    },
  };
}
