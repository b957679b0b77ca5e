// Turn a config into train/validation datasets: a named generator, or CSV text the front end read.

import type { TrainConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import { createRng } from '../rng.js';
import { parseCsv } from './csv.js';
import { generateData, isGeneratorName } from './generators.js';
import { splitTrainVal } from './split.js';

export interface PreparedData {
  readonly train: Dataset;
  readonly val: Dataset | null;
}

export function isCsvSource(data: string): boolean {
  return data.toLowerCase().endsWith('.csv');
}

/**
 * Build the datasets for a config. `csvText` is the file's content when config.data is a CSV path
 * (the core never touches a file system). Generation and the split draw from their own seeded streams.
 */
export function prepareData(config: TrainConfig, csvText?: string): PreparedData {
  const root = createRng(config.seed);
  let full: Dataset;
  if (isCsvSource(config.data)) {
    if (csvText === undefined) throw new UsageError('--data', 'the CSV text of the file', 'nothing');
    const opts = { source: config.data, dtype: config.dtype };
    full = parseCsv(csvText, config.target === null ? opts : { ...opts, target: config.target });
  } else {
    if (!isGeneratorName(config.data)) {
      throw new UsageError(
        '--data',
        'one of circle, xor, gauss, spiral, moons, sine or a .csv path',
        config.data,
      );
    }
    if (config.target !== null)
      throw new UsageError('--target', 'no --target for generated data', config.target);
    full = generateData(config.data, {
      samples: config.samples,
      noise: config.noise,
      rng: root.fork('data'),
    });
  }
  return splitTrainVal(full, config.valSplit, root.fork('split'));
}
