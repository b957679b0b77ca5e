// watcher.save(DIR) (Node): the run directory `gradscope diagnose DIR` and `gradscope report DIR` read —
// config.json, metrics.jsonl, summary.json in the version-1 format (docs/run-format.md) — and tfjs.json,
// what the format has no field for: the backend, the tfjs class names, the first NaN/Inf's backend.
// Each file is written beside its final name and renamed, so a reader never sees half a file.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { parseRunDocument, type RunDocument, UsageError } from '../index.js';
import type { ModelMap } from './model-map.js';
import type { WatchNonFinite } from './watch.js';

export interface TfjsSidecar {
  readonly backend: string;
  readonly nonFinite: WatchNonFinite | null;
  readonly map: ModelMap;
  readonly optimizer: tf.Optimizer;
}

export async function saveRun(dir: string, doc: RunDocument, side: TfjsSidecar): Promise<void> {
  if (typeof dir !== 'string' || dir === '')
    throw new UsageError('watcher.save: dir', 'a directory path', String(dir));
  const json = JSON.parse(JSON.stringify(doc)) as unknown;
  parseRunDocument(json, 'watcher.save: summary.json'); // what diagnose will read must parse
  const { version, config, plan, history } = doc;
  const tfjs = {
    backend: side.backend,
    model: side.map.model.name,
    loss: side.map.lossName,
    optimizer: { className: side.optimizer.getClassName(), config: side.optimizer.getConfig() },
    layers: side.map.chain.map((l) => ({ name: l.name, className: l.getClassName() })),
    dense: side.map.dense.map((d) => ({
      index: d.index,
      name: d.name,
      activation: d.activation,
      folded: d.folded,
    })),
    nonFinite: side.nonFinite,
  };
  const files: Record<string, string> = {
    'config.json': `${JSON.stringify({ version, config, plan }, null, 2)}\n`,
    'metrics.jsonl': `${history.map((h) => JSON.stringify(h)).join('\n')}\n`,
    'summary.json': `${JSON.stringify(doc, null, 2)}\n`,
    'tfjs.json': `${JSON.stringify(tfjs, null, 2)}\n`,
  };
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const tmp = join(dir, `.${name}.tmp`);
    await writeFile(tmp, text);
    await rename(tmp, join(dir, name));
  }
}
