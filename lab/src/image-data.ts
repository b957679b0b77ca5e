// The named data sets in the lab's worker: fetch the files the lab server serves (/data/…, the installed
// files as they are), gunzip Fashion-MNIST's with the browser's DecompressionStream, and read them with
// the core's readers, the CLI's own (fashionPart, mnistPart), so the rows and the seeded split match
// `gradscope train --data …`. Loaded once per worker. No DOM.

import {
  DATA_SETS,
  type DataSetName,
  FASHION_FILES,
  fashionPart,
  isDataSetName,
  type LoadedData,
  mnistPart,
  type TrainConfig,
  UsageError,
} from '../../src/index.js';

/** The data sets the lab offers: the image sets its server serves. */
export const LAB_DATA_SETS = ['fashion-mnist', 'mnist'] as const;
export type LabDataSet = (typeof LAB_DATA_SETS)[number];

export const isLabDataSet = (name: string): name is LabDataSet =>
  (LAB_DATA_SETS as readonly string[]).includes(name);

/** the most rows of an image set a lab run takes (fields.ts caps trainSize and valSize at it too) */
export const LAB_MAX_ROWS = 10_000;

/** Refuse "all" rows where they are more than LAB_MAX_ROWS (Fashion-MNIST's 60,000 training images). */
export function checkLabRows(config: TrainConfig, loaded: LoadedData): void {
  if (config.trainSize === null && loaded.train.n > LAB_MAX_ROWS)
    throw new UsageError(
      'trainSize',
      `at most ${LAB_MAX_ROWS} rows of ${loaded.name} in the lab (it evaluates every row at each logged step)`,
      `all (${loaded.train.n})`,
    );
}

/** the largest file fetched (Fashion-MNIST's training images: 26 MB gzip, 47 MB unzipped) */
const MAX_BYTES = 64 * 1024 * 1024;

const cache = new Map<DataSetName, Promise<LoadedData>>();

/**
 * A data set's files over fetch from the server at `base` (the page's origin), read by the core; a
 * missing one is one line with its install command.
 */
export function loadLabData(name: string, base: string): Promise<LoadedData> {
  if (!isDataSetName(name) || !isLabDataSet(name))
    throw new UsageError('data', `one of ${LAB_DATA_SETS.join(', ')}`, name);
  let p = cache.get(name);
  if (!p) {
    p = name === 'fashion-mnist' ? loadFashion(base) : loadMnist(base);
    cache.set(name, p);
    // a failure is not kept: installing the package and trying again works without a reload
    p.catch(() => cache.delete(name));
  }
  return p;
}

async function get(name: LabDataSet, base: string, file: string): Promise<Response> {
  const url = new URL(`/data/${name}/${file}`, base);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new UsageError(`data ${name}`, `the lab server's ${url.pathname}`, String(err));
  }
  if (!res.ok) {
    const info = DATA_SETS[name];
    throw new UsageError(
      `data ${name}`,
      `${info.title} installed where the lab server looks (${info.install})`,
      `HTTP ${res.status} for ${url.pathname}`,
    );
  }
  return res;
}

/** Read a body to the end, refusing one past MAX_BYTES. */
async function bytesOf(stream: ReadableStream<Uint8Array>, source: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_BYTES) {
      await reader.cancel();
      throw new UsageError(source, `at most ${MAX_BYTES} bytes`, `more than ${MAX_BYTES}`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function gunzip(base: string, file: string): Promise<Uint8Array> {
  const res = await get('fashion-mnist', base, file);
  const source = `/data/fashion-mnist/${file}`;
  try {
    return await bytesOf(res.body!.pipeThrough(new DecompressionStream('gzip')), source);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(source, 'a gzip-compressed IDX file', String(err));
  }
}

async function loadFashion(base: string): Promise<LoadedData> {
  const part = async (which: 'train' | 'test') => {
    const names = FASHION_FILES[which];
    const [images, labels] = await Promise.all([gunzip(base, names.images), gunzip(base, names.labels)]);
    const at = (n: string) => `/data/fashion-mnist/${n}`;
    return fashionPart(
      { images, labels, imagesSource: at(names.images), labelsSource: at(names.labels) },
      which,
    );
  };
  const [train, test] = await Promise.all([part('train'), part('test')]);
  return { name: 'fashion-mnist', train, test };
}

async function loadMnist(base: string): Promise<LoadedData> {
  const sources = Array.from({ length: 10 }, (_, d) => `/data/mnist/${d}.json`);
  const json = await Promise.all(
    sources.map(async (_, d) => {
      const res = await get('mnist', base, `${d}.json`);
      return JSON.parse(new TextDecoder().decode(await bytesOf(res.body!, sources[d]!))) as unknown;
    }),
  );
  return { name: 'mnist', train: mnistPart(json, sources), test: null };
}
