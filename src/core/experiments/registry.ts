// The experiments by name, and `all`, which runs them in order and reports overall progress.

import { runActivations } from './activations.js';
import { runChain } from './chain.js';
import { runExploding } from './exploding.js';
import { runInit } from './init.js';
import { runModes } from './modes.js';
import { runOverfitting } from './overfitting.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';

export const EXPERIMENT_NAMES = [
  'chain',
  'activations',
  'init',
  'exploding',
  'overfitting',
  'modes',
] as const;
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number];

export const EXPERIMENTS: Readonly<
  Record<ExperimentName, (opts: ExperimentOptions) => Promise<ExperimentResult>>
> = {
  chain: runChain,
  activations: runActivations,
  init: runInit,
  exploding: runExploding,
  overfitting: runOverfitting,
  modes: runModes,
};

/** Rough share of `all`'s time each experiment takes, so one progress bar moves evenly. */
const WEIGHT: Readonly<Record<ExperimentName, number>> = {
  chain: 0.5,
  activations: 2,
  init: 5,
  exploding: 5,
  overfitting: 8,
  modes: 4,
};

export function isExperimentName(name: string): name is ExperimentName {
  return (EXPERIMENT_NAMES as readonly string[]).includes(name);
}

export async function runAll(opts: ExperimentOptions): Promise<ExperimentResult[]> {
  const total = EXPERIMENT_NAMES.reduce((s, n) => s + WEIGHT[n], 0);
  let before = 0;
  const results: ExperimentResult[] = [];
  for (const name of EXPERIMENT_NAMES) {
    const start = before;
    const onProgress = opts.onProgress;
    const result = await EXPERIMENTS[name]({
      ...opts,
      ...(onProgress
        ? { onProgress: (f: number, label: string) => onProgress((start + f * WEIGHT[name]) / total, label) }
        : {}),
    });
    before += WEIGHT[name];
    results.push(result);
  }
  return results;
}
