// What the CLI reads for a config's --data: a CSV file's bytes, read in passes a chunk at a time (see
// readChunks), or a named data set's files (src/node).
// GRADSCOPE_FASHION_MNIST_DIR points at another copy of Fashion-MNIST's IDX files (the tests use it).

import { type CsvPasses, isCsvSource, isDataSetName, type LoadedData, type TrainConfig } from '../index.js';
import { loadDataSet } from '../node/data-sets.js';
import { readChunks } from './io.js';

export function dataSourceOf(config: Pick<TrainConfig, 'data'>): CsvPasses | LoadedData | undefined {
  if (isCsvSource(config.data)) return readChunks('--data', config.data, 'CSV file');
  if (isDataSetName(config.data)) return loadDataSet(config.data, process.env.GRADSCOPE_FASHION_MNIST_DIR);
  return undefined;
}
