// Turn a config into train/validation datasets: a named generator, CSV text the front end read, or a
// named data set the front end loaded (LoadedData); then the seeded subsets and the standardization.

import type { TrainConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import { createRng, type Rng } from '../rng.js';
import { DATA_SET_NAMES, isDataSetName } from './catalog.js';
import { parseCsv } from './csv.js';
import { type CsvBytes, isCsvBytes } from './csv-source.js';
import { type FeatureName, withFeatures } from './features.js';
import { GENERATORS, generateData, isGeneratorName } from './generators.js';
import { type LoadedData, partRows } from './loaded.js';
import { keepRows, pickRows, splitRows, subset } from './split.js';
import { standardize } from './standardize.js';

export interface PreparedData {
  readonly train: Dataset;
  readonly val: Dataset | null;
}

export function isCsvSource(data: string): boolean {
  return data.toLowerCase().endsWith('.csv');
}

/** every name --data takes besides a .csv path: the generators, then the data sets read from disk */
export const DATA_NAMES: readonly string[] = [...Object.keys(GENERATORS), ...DATA_SET_NAMES];

const KNOWN = `one of ${DATA_NAMES.join(', ')} or a .csv path`;

/**
 * Build the datasets for a config. `source` is what a front end read for it (the core never touches a
 * file system): the CSV file's text or bytes (CsvBytes) when config.data is a CSV path, the LoadedData
 * when it names a data set (fashion-mnist, mnist, iris). Generation, the split and each subset draw from
 * their own seeded streams.
 */
export function prepareData(config: TrainConfig, source?: CsvBytes | LoadedData): PreparedData {
  // --data-seed draws new data (points, split, subsets) under the same initialization
  const root = createRng(config.dataSeed ?? config.seed);
  if (isDataSetName(config.data)) {
    if (source === undefined || isCsvBytes(source) || source.name !== config.data) {
      throw new UsageError('--data', `the loaded data set ${config.data}`, 'nothing');
    }
    noTarget(config);
    return finish(config, fromLoaded(config, source, root));
  }
  let full: Dataset;
  if (isCsvSource(config.data)) {
    if (!isCsvBytes(source)) throw new UsageError('--data', 'the CSV text of the file', 'nothing');
    const opts = { source: config.data, argument: '--data', dtype: config.dtype };
    full = parseCsv(source, config.target === null ? opts : { ...opts, target: config.target });
  } else {
    if (!isGeneratorName(config.data)) throw new UsageError('--data', KNOWN, config.data);
    noTarget(config);
    full = generateData(config.data, {
      samples: config.samples,
      noise: config.noise,
      rng: root.fork('data'),
    });
  }
  const rows = splitRows(full.n, full.name, config.valSplit, root.fork('split'));
  const picked = pickSizes(config, rows.train, rows.val, root, full.name);
  // the held-out rows are copied out first; `full` is this call's own, so the training rows then move to
  // its front in place (no second copy of the largest array: a 248 MiB CSV peaked at 2.1 GB)
  const val = picked.val && subset(full, picked.val);
  const train = picked.train.length === full.n ? full : keepRows(full, picked.train);
  return finish(config, { train, val });
}

function noTarget(config: TrainConfig): void {
  if (config.target !== null)
    throw new UsageError('--target', `no --target for ${config.data}`, config.target);
}

/** A data set with its own test part validates on it; one without splits its rows by --val-split. */
function fromLoaded(config: TrainConfig, loaded: LoadedData, root: Rng): PreparedData {
  const { train, test } = loaded;
  if (test !== null) {
    const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    const valRows = config.valSplit === 0 ? null : all(test.n);
    const picked = pickSizes(config, all(train.n), valRows, root, loaded.name);
    return {
      train: partRows(loaded, train, picked.train),
      val: picked.val && partRows(loaded, test, picked.val),
    };
  }
  const rows = splitRows(train.n, loaded.name, config.valSplit, root.fork('split'));
  const picked = pickSizes(config, rows.train, rows.val, root, loaded.name);
  return {
    train: partRows(loaded, train, picked.train),
    val: picked.val && partRows(loaded, train, picked.val),
  };
}

function pickSizes(
  config: TrainConfig,
  train: Int32Array,
  val: Int32Array | null,
  root: Rng,
  name: string,
): { train: Int32Array; val: Int32Array | null } {
  if (val === null && config.valSize !== null) {
    throw new UsageError(
      '--val-size',
      'no --val-size without a validation split (--val-split 0)',
      config.valSize,
    );
  }
  return {
    train: pickRows(
      train,
      config.trainSize,
      root.fork('train-size'),
      '--train-size',
      `training rows of ${name}`,
    ),
    val:
      val && pickRows(val, config.valSize, root.fork('val-size'), '--val-size', `validation rows of ${name}`),
  };
}

/** --standardize, then --features (computed from the standardized x₁, x₂, as the pictures plot them). */
function finish(config: TrainConfig, data: PreparedData): PreparedData {
  const scaled = config.standardize === 'on' ? standardize(data.train, data.val) : data;
  return config.features === null ? scaled : featured(scaled, config.features);
}

/** The prepared data with the model's inputs computed from x₁, x₂ (withFeatures on each part). */
export function featured(data: PreparedData, features: readonly FeatureName[]): PreparedData {
  return { train: withFeatures(data.train, features), val: data.val && withFeatures(data.val, features) };
}
