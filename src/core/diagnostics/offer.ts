// What a rule offers: its fixes, less those already in place, and the suggestion rendered from them,
// both against the settings the run used.

import type { Fix } from '../record/fix.js';
import type { Finding } from './finding.js';
import { renderFixes, type Settings, withoutInPlace } from './fixes.js';
import type { RunDocument } from './run-document.js';

/** The run's config; `steps` is the count the run took when the config left it to the default or to epochs. */
export function runSettings(doc: RunDocument): Settings {
  const config: Settings = doc.config;
  return config.steps === undefined || config.steps === null ? { ...config, steps: doc.steps } : config;
}

export function offer(doc: RunDocument, fixes: readonly Fix[]): Pick<Finding, 'suggestion' | 'fixes'> {
  const settings = runSettings(doc);
  const offered = withoutInPlace(fixes, settings);
  return { suggestion: renderFixes(offered, settings), fixes: offered };
}

// Fixes more than one rule offers.

export const RELU_HE: Fix = {
  set: { activation: 'relu', init: 'he-normal' },
  reason: "f'(z) = 1 where active",
};

export const NORM_RESIDUAL: Fix = {
  set: { norm: 'layer', residual: true },
  reason: 'the identity path carries the gradient past each layer',
};

export const CLIP: Fix = { set: { clipNorm: 1 }, reason: 'caps the gradient norm of each step' };

export const NORM_LAYER: Fix = { set: { norm: 'layer' }, reason: 'keeps z near 0' };

/** The init that keeps ‖D_l‖ ≈ 1 for an activation: He for the ReLUs, Xavier otherwise. */
export function keepingInit(activation: string): Fix {
  const init = activation === 'relu' || activation === 'leaky-relu' ? 'he-normal' : 'xavier-normal';
  return { set: { init }, reason: 'keeps ‖D_l‖ ≈ 1' };
}

/** Scale each weight penalty by `by`; those at 0 drop out as in place. */
export function scalePenalties(by: number, reason: string): Fix[] {
  return (['l2', 'weightDecay', 'l1'] as const).map((scale) => ({ scale, by, reason }));
}
