// Seeded epoch-order sampling: shuffle the training indices each epoch and walk them in batches of
// b (the last batch of an epoch is smaller when b does not divide N, as PyTorch's drop_last=False).
// b = N is the notes' batch mode, b = 1 is SGD, anything between is minibatch.

import { UsageError } from '../errors.js';
import type { Rng, ShuffleKernel } from '../rng.js';

export interface BatchSampler {
  /** indices of the next batch (a view valid until the next call) */
  next(): Uint32Array;
  /** completed epochs so far */
  readonly epoch: number;
  /** where the data order stands (the shuffled order, the position in it, the epoch), as a copy */
  save(): SamplerState;
  /** continue from a saved position (the rng's own state is restored with the trainer's streams) */
  restore(state: SamplerState): void;
}

export interface SamplerState {
  /** (N) the current epoch's shuffled order */
  readonly order: Uint32Array;
  /** the next batch starts here */
  readonly pos: number;
  /** −1 before the first batch */
  readonly epoch: number;
}

const MAX_VIEWS = 4096;

/** `shuffle`: the kernels' twin of the epoch shuffle (the same order; absent: rng.shuffle). */
export function createBatchSampler(
  n: number,
  batchSize: number,
  rng: Rng,
  shuffle?: ShuffleKernel,
): BatchSampler {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let pos = n; // forces a shuffle on the first call
  let epoch = -1;
  // the views of one epoch's batches, made once: the order is shuffled in place, so a batch's view stays
  // the same from epoch to epoch (a view a step cost ~3 µs while V8 still ran this cold; up to 4096
  // batches an epoch, past that a view a call)
  const batches = Math.ceil(n / batchSize);
  const views: (Uint32Array | undefined)[] = batches <= MAX_VIEWS ? new Array(batches) : [];
  return {
    next() {
      if (pos >= n) {
        // NOTE: full batch needs no shuffle, but we draw anyway so the stream does not depend on b
        rng.shuffleIndices(order, shuffle);
        pos = 0;
        epoch++;
      }
      const end = Math.min(pos + batchSize, n);
      const k = pos / batchSize;
      // NOTE: pos is a multiple of batchSize except after a restore from another batch size's position
      let batch = views.length > 0 && Number.isInteger(k) ? views[k] : undefined;
      if (batch === undefined) {
        batch = order.subarray(pos, end);
        if (views.length > 0 && Number.isInteger(k)) views[k] = batch;
      }
      pos = end;
      return batch;
    },
    get epoch() {
      return Math.max(epoch, 0);
    },
    save: () => ({ order: order.slice(), pos, epoch }),
    restore(state) {
      if (state.order.length !== n) {
        throw new UsageError('sampler.restore: order', `${n} indices (the training set)`, state.order.length);
      }
      order.set(state.order);
      pos = state.pos;
      epoch = state.epoch;
    },
  };
}

/** Number of batches in one epoch of n examples. */
export function batchesPerEpoch(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}
