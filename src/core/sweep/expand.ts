// A sweep's trials: the grid's points in file order (the last parameter varies fastest), or a random
// sweep's draws, each resolved through resolveConfig exactly as `gradscope train` resolves its flags.
// Trial i depends only on the definition and i, so any worker can build any trial on its own.

import { UsageError } from '../errors.js';
import type { ConfigInput, TrainConfig } from '../settings/index.js';
import { resolveConfig } from '../settings/index.js';
import { gridValues, type ParameterSpec, type SweepDefinition, trialCount } from './definition.js';
import { trialSampler, trialSeed } from './seed.js';

export interface TrialSpec {
  /** 0-based position in the sweep */
  readonly index: number;
  /** the swept settings of this trial, by key */
  readonly params: Readonly<Record<string, unknown>>;
  /** the training seed (config.seed) */
  readonly seed: number;
  /** base + params, resolved */
  readonly config: TrainConfig;
}

/** The swept values of trial `index`. */
export function trialParams(def: SweepDefinition, index: number): Record<string, unknown> {
  const entries = Object.entries(def.parameters);
  const params: Record<string, unknown> = {};
  if (def.method === 'random') {
    const rng = trialSampler(def.seed, index);
    for (const [key, spec] of entries) params[key] = sample(spec, rng.next.bind(rng));
    return params;
  }
  // mixed radix: the last parameter is the fastest digit
  let rest = index;
  for (let k = entries.length - 1; k >= 0; k--) {
    const [key, spec] = entries[k]!;
    const values = gridValues(spec);
    params[key] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return Object.fromEntries(entries.map(([key]) => [key, params[key]]));
}

function sample(spec: ParameterSpec, next: () => number): unknown {
  if (spec.kind === 'value') return spec.value;
  if (spec.kind === 'values') return spec.values[Math.floor(next() * spec.values.length)];
  const { min, max } = spec;
  if (spec.distribution === 'int_uniform') return min + Math.floor(next() * (max - min + 1));
  if (spec.distribution === 'log_uniform')
    return Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * next());
  return min + (max - min) * next();
}

/**
 * Trial `index`, resolved. The seed is the sweep file's when it sets `seed` (in base or parameters,
 * so `gradscope train --seed` with the trial's settings reproduces it), else derived from the sweep's
 * seed and the index.
 */
export function trialAt(def: SweepDefinition, index: number, source = 'sweep'): TrialSpec {
  const params = trialParams(def, index);
  const explicit = 'seed' in def.base || 'seed' in params;
  const input = { ...(explicit ? {} : { seed: trialSeed(def.seed, index) }), ...def.base, ...params };
  let config: TrainConfig;
  try {
    config = resolveConfig(input as ConfigInput);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const shown = Object.entries(params)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ');
    throw new UsageError(`${source}: trial ${index} (${shown}): ${err.argument}`, err.expected, {
      toString: () => err.actual,
    });
  }
  if (def.metric.name.startsWith('final.val.') && config.valSplit === 0)
    throw new UsageError(
      `${source}: metric.name`,
      'a final.train metric when valSplit is 0 (there is no validation set)',
      def.metric.name,
    );
  return { index, params, seed: config.seed, config };
}

/** Every trial of the sweep, resolved (the first bad one throws, so a sweep is refused before it runs). */
export function expandTrials(def: SweepDefinition, source = 'sweep'): TrialSpec[] {
  return Array.from({ length: trialCount(def) }, (_, i) => trialAt(def, i, source));
}
