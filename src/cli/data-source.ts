// What the CLI reads for a config's --data: a CSV file's bytes, read in passes a chunk at a time (see
// readChunks), or a named data set's files (src/node).
// GRADSCOPE_FASHION_MNIST_DIR points at another copy of Fashion-MNIST's IDX files (the tests use it).

import { type Stats, statSync } from 'node:fs';
import {
  type CsvPasses,
  DATA_NAMES,
  GENERATORS,
  isCsvSource,
  isDataSetName,
  type LoadedData,
  type TrainConfig,
  UsageError,
} from '../index.js';
import { loadDataSet } from '../node/data-sets.js';
import { readChunks } from '../node/io.js';

export function dataSourceOf(config: Pick<TrainConfig, 'data'>): CsvPasses | LoadedData | undefined {
  if (isCsvSource(config.data)) return readChunks('--data', config.data, 'CSV file');
  if (isDataSetName(config.data)) return loadDataSet(config.data, process.env.GRADSCOPE_FASHION_MNIST_DIR);
  if (!Object.hasOwn(GENERATORS, config.data)) notCsvPath(config.data);
  return undefined;
}

/**
 * A --data that names neither a data set nor a .csv file but is a path on the disk (notes.txt, a
 * directory) was meant as a file: say that it exists and is not a CSV, rather than the core's "one of …"
 * that reads as a misspelled name.
 */
function notCsvPath(data: string): void {
  let s: Stats;
  try {
    s = statSync(data);
  } catch {
    return; // no such path: a data set name, misspelled or not, which prepareData refuses by name
  }
  const kind = s.isDirectory() ? 'a directory' : s.isFile() ? 'a file' : 'not a regular file';
  throw new UsageError(
    '--data',
    `a .csv file or a named data set (one of ${DATA_NAMES.join(', ')})`,
    `${data} (it exists: ${kind}, not a .csv file)`,
  );
}
