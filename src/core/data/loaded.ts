// A named data set as a front end loaded it (files, a package), before gradscope picks its rows: pixels
// stay bytes until then, so Fashion-MNIST's 60,000 × 784 inputs become float64 only for the rows a run uses.

import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import { DATA_SETS, type DataSetName } from './catalog.js';
import type { IdxTensor } from './idx.js';

// N = rows, D = input features
export interface LoadedPart {
  readonly n: number;
  readonly dim: number;
  /** (N, D) inputs: bytes (pixels, scaled by 1/255 when rows are taken) or numbers, taken as they are */
  readonly x: Uint8Array | Float64Array;
  /** (N) class labels 0..K−1 */
  readonly labels: Uint8Array;
}

export interface LoadedData {
  readonly name: DataSetName;
  readonly train: LoadedPart;
  /** the data set's own test part (Fashion-MNIST's 10,000), validated on; null: --val-split splits train */
  readonly test: LoadedPart | null;
}

/** Images [N, rows, cols] and labels [N] of IDX files as one part; `source` names the files in errors. */
export function imagePart(images: IdxTensor, labels: IdxTensor, source: string): LoadedPart {
  const [n, rows, cols] = images.dims;
  if (images.dims.length !== 3 || rows !== 28 || cols !== 28) {
    throw new UsageError(`${source}: images`, 'shape [N, 28, 28]', `[${images.dims.join(', ')}]`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== n) {
    throw new UsageError(`${source}: labels`, `shape [${n}] (one a image)`, `[${labels.dims.join(', ')}]`);
  }
  return { n: n!, dim: rows * cols, x: images.data, labels: labels.data };
}

/** Refuse a part whose labels fall outside the classes, or whose per-class counts are not the published ones. */
export function checkPart(
  name: DataSetName,
  part: LoadedPart,
  which: 'train' | 'test',
  source: string,
): void {
  const info = DATA_SETS[name];
  const K = info.classNames.length;
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < part.n; i++) {
    const c = part.labels[i]!;
    if (c >= K) throw new UsageError(`${source}: label ${i}`, `a class 0..${K - 1}`, c);
    counts[c]!++;
  }
  const want = info.perClass?.[which];
  if (want !== undefined && counts.some((c) => c !== want)) {
    throw new UsageError(
      `${source}: classes`,
      `${want} rows of each of the ${K} classes (${info.title})`,
      counts.join(', '),
    );
  }
}

/** Rows `indices` of a part as a dataset (copied; bytes scaled to [0, 1]). */
export function partRows(loaded: LoadedData, part: LoadedPart, indices: ArrayLike<number>): Dataset {
  const info = DATA_SETS[loaded.name];
  const n = indices.length;
  const D = part.dim;
  const scale = part.x instanceof Uint8Array ? 1 / 255 : 1;
  const x = new Float64Array(n * D); // (n, D)
  const y = new Float64Array(n); // (n, 1)
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    for (let j = 0; j < D; j++) x[k * D + j] = part.x[i * D + j]! * scale;
    y[k] = part.labels[i]!;
  }
  const K: number = info.classNames.length;
  return {
    name: loaded.name,
    x,
    y,
    n,
    inputDim: D,
    targetDim: 1,
    task: K === 2 ? 'binary' : 'multiclass',
    numClasses: K,
    targetName: 'class',
  };
}
