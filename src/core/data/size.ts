// How big a run may be. Past these sizes a run does not fail, it hangs for hours or dies out of memory
// (in a browser tab, or with a V8 crash dump): refuse it at the entry instead, naming the flag to change.
// resolveConfig checks what the flags alone decide; checkRunSize what needs the data as well.

import { DEFAULT_STEPS, type TrainConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { LIMITS, parameterCount } from '../limits.js';
import type { Dataset } from './types.js';

export { LIMITS, parameterCount };

/** Refuse a run too large to finish (see LIMITS); throws UsageError naming the flag to change. */
export function checkRunSize(config: TrainConfig, train: Dataset, val: Dataset | null): void {
  const classes = train.task === 'regression' ? 1 : (train.numClasses ?? 2);
  const outputDim = config.loss === 'ce' || train.task === 'multiclass' ? classes : train.targetDim;
  const widths = [train.inputDim, ...config.hidden, outputDim];
  const shape = widths.join('-');
  const params = parameterCount(widths);
  if (params > LIMITS.parameters) {
    throw new UsageError(
      '--data',
      `at most ${LIMITS.parameters} parameters in the ${shape} network it needs (fewer columns, or a smaller --hidden)`,
      `${params} parameters`,
    );
  }

  // NOTE: the trainer's buffers hold max(batch, min(256, largest split)) rows (evaluation goes in chunks).
  const batch = config.batchSize === 'full' ? train.n : Math.min(config.batchSize, train.n);
  const rows = Math.max(batch, Math.min(256, Math.max(train.n, val?.n ?? 0)));
  const units = widths.reduce((a, b) => a + b, 0);
  if (rows * units > LIMITS.batchActivations) {
    const limit = `${LIMITS.batchActivations} activations a batch`;
    if (rows === batch) {
      const most = Math.floor(LIMITS.batchActivations / units);
      throw new UsageError(
        '--batch-size',
        `at most ${most} rows for ${units} units (${shape}; ${limit})`,
        config.batchSize === 'full' ? `full (${rows} rows)` : rows,
      );
    }
    // NOTE: the config does not say whether the widths came from --hidden or --depth/--width
    const flag = config.hidden.every((w) => w === config.hidden[0]) ? '--width' : '--hidden';
    const most = Math.floor(LIMITS.batchActivations / rows);
    throw new UsageError(
      flag,
      `at most ${most} units in all layers with ${rows} rows (${limit})`,
      `${units} (${shape})`,
    );
  }

  const perEpoch = Math.ceil(train.n / batch);
  const total = config.steps ?? (config.epochs === null ? DEFAULT_STEPS : config.epochs * perEpoch);
  if (total > LIMITS.steps) {
    throw new UsageError(
      '--epochs',
      `at most ${LIMITS.steps} steps (${perEpoch} a pass here): at most ${Math.floor(LIMITS.steps / perEpoch)} epochs`,
      config.epochs,
    );
  }
  checkRecords('--log-every', config.logEvery, total, config.hidden.length + 1);
  if (config.probeEvery > 0)
    checkRecords('--probe-every', config.probeEvery, total, config.hidden.length + 1);
}

/** A record every `every` steps, plus the first and the last, for each of `layers` Dense layers. */
function checkRecords(flag: string, every: number, total: number, layers: number): void {
  const records = (Math.floor(total / every) + 2) * layers;
  if (records <= LIMITS.layerRecords) return;
  const perLayer = Math.floor(LIMITS.layerRecords / layers) - 2;
  const least = perLayer > 0 ? Math.ceil(total / perLayer) : total;
  throw new UsageError(
    flag,
    `≥ ${least} for ${total} steps of a ${layers}-layer network (at most ${LIMITS.layerRecords} layer records are kept)`,
    every,
  );
}
