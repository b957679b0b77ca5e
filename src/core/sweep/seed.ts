// A trial's random streams come from the sweep's seed and the trial's index alone, so the same sweep
// file gives the same trials and the same numbers on any machine, in any order, on any worker.

import { createRng, type Rng } from '../rng.js';

/** The training seed of trial `index` (when the sweep file does not set `seed` itself). */
export function trialSeed(sweepSeed: number, index: number): number {
  return createRng(sweepSeed).fork(`trial:${index}`).uint32();
}

/** The stream a random sweep draws trial `index`'s parameters from. */
export function trialSampler(sweepSeed: number, index: number): Rng {
  return createRng(sweepSeed).fork(`params:${index}`);
}
