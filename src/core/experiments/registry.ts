// The experiments by name, and `all`, which runs them in order and reports overall progress.

import { runActivations } from './activations.js';
import { runChain } from './chain.js';
import { runEdgeOfChaos } from './edge-of-chaos.js';
import { runExploding } from './exploding.js';
import { runInit } from './init.js';
import { runModes } from './modes.js';
import { runOverfitting } from './overfitting.js';
import { runTrainability } from './trainability.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';
import { runUnderfitting } from './underfitting.js';

export const EXPERIMENT_NAMES = [
  'chain',
  'activations',
  'init',
  'exploding',
  'overfitting',
  'underfitting',
  'modes',
  'edge-of-chaos',
  'trainability',
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
  underfitting: runUnderfitting,
  modes: runModes,
  'edge-of-chaos': runEdgeOfChaos,
  trainability: runTrainability,
};

/**
 * Rough share of `all`'s time each experiment takes, so one progress bar moves evenly: seconds measured
 * one at a time on the 2-core machine of BENCHMARKS.md (chain 0.2, activations 5.9, init 3.4,
 * exploding 8.0, overfitting 3-6, modes 0.3-1.8; edge-of-chaos ~60 and trainability ~240, loaded).
 */
const WEIGHT: Readonly<Record<ExperimentName, number>> = {
  chain: 0.2,
  activations: 6,
  init: 3.5,
  exploding: 8,
  overfitting: 5,
  underfitting: 20,
  modes: 1,
  'edge-of-chaos': 60,
  trainability: 240,
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
