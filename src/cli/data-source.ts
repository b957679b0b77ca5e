// What the CLI reads for a config's --data: a CSV file's text, or a named data set's files (src/node).
// GRADSCOPE_FASHION_MNIST_DIR points at another copy of Fashion-MNIST's IDX files (the tests use it).

import { isCsvSource, isDataSetName, type LoadedData, type TrainConfig } from '../index.js';
import { loadDataSet } from '../node/data-sets.js';
import { readText } from './io.js';

export function dataSourceOf(config: Pick<TrainConfig, 'data'>): string | LoadedData | undefined {
  if (isCsvSource(config.data)) return readText('--data', config.data, 'CSV file');
  if (isDataSetName(config.data)) return loadDataSet(config.data, process.env.GRADSCOPE_FASHION_MNIST_DIR);
  return undefined;
}
