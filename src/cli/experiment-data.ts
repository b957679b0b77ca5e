// The data an experiment may run on: `--data` names a data set, loaded once per process (Fashion-MNIST's
// gunzip takes a second; a sweep of runs shares one copy of the bytes).

import { DATA_SET_NAMES, type DataSetName, isDataSetName, type LoadedData, UsageError } from '../index.js';
import { loadDataSet } from '../node/data-sets.js';

export function checkData(data: string): DataSetName {
  if (!isDataSetName(data)) throw new UsageError('--data', `one of ${DATA_SET_NAMES.join(', ')}`, data);
  return data;
}

export function cachedLoader(): (name: DataSetName) => LoadedData {
  const loaded = new Map<DataSetName, LoadedData>();
  return (name) => {
    let d = loaded.get(name);
    if (!d) {
      d = loadDataSet(name, process.env.GRADSCOPE_FASHION_MNIST_DIR);
      loaded.set(name, d);
    }
    return d;
  };
}
