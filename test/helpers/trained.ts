// A small trained run in both forms: today's runTraining result and its version-1 document as JSON.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigInput, resolveConfig } from '../../src/core/config.js';
import { prepareData } from '../../src/core/data/prepare.js';
import { runTraining, type TrainResult } from '../../src/core/train/run.js';
import { createTrainer } from '../../src/core/train/trainer.js';
import { asJson } from './as-json.js';

export interface Trained {
  readonly result: TrainResult;
  /** the version-1 document after JSON.stringify/JSON.parse: NaN and ±Inf are null */
  readonly json: Record<string, unknown>;
}

export function trained(input: ConfigInput = {}): Trained {
  const config = resolveConfig({ data: 'circle', steps: 20, logEvery: 5, probeEvery: 10, ...input });
  const trainer = createTrainer(config, prepareData(config));
  const result = runTraining(trainer);
  return { result, json: JSON.parse(JSON.stringify(asJson(result))) };
}

/**
 * Save `run` as `train --out DIR` does in version 1: summary.json (the whole document), config.json
 * ({ version, config, plan }) and metrics.jsonl (one history entry a line). Returns DIR.
 */
export function writeRunDir(dir: string, run: Trained): string {
  const { version, config, plan, history } = run.json as { history: unknown[] } & Record<string, unknown>;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(run.json, null, 2)}\n`);
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify({ version, config, plan }, null, 2)}\n`);
  writeFileSync(join(dir, 'metrics.jsonl'), `${history.map((h) => JSON.stringify(h)).join('\n')}\n`);
  return dir;
}
