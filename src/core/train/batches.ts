// Seeded epoch-order sampling: shuffle the training indices each epoch and walk them in batches of
// b (the last batch of an epoch is smaller when b does not divide N, as PyTorch's drop_last=False).
// b = N is the notes' batch mode, b = 1 is SGD, anything between is minibatch.

import type { Rng } from '../rng.js';

export interface BatchSampler {
  /** indices of the next batch (a view valid until the next call) */
  next(): Uint32Array;
  /** completed epochs so far */
  readonly epoch: number;
}

export function createBatchSampler(n: number, batchSize: number, rng: Rng): BatchSampler {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let pos = n; // forces a shuffle on the first call
  let epoch = -1;
  return {
    next() {
      if (pos >= n) {
        // NOTE: full batch needs no shuffle, but we draw anyway so the stream does not depend on b
        rng.shuffle(order);
        pos = 0;
        epoch++;
      }
      const end = Math.min(pos + batchSize, n);
      const batch = order.subarray(pos, end);
      pos = end;
      return batch;
    },
    get epoch() {
      return Math.max(epoch, 0);
    },
  };
}

/** Number of batches in one epoch of n examples. */
export function batchesPerEpoch(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}
