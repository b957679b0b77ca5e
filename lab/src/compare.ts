// Compare: configuration B is A with a few settings changed, on the same seed. The difference is kept as
// URL-style text ("activation=relu&init=he-normal") and lives in the page URL as ?compare=….

import { UsageError } from '../../src/index.js';
import { FIT } from './presets.js';
import { type LabState, parseState } from './state.js';

export interface ComparePick {
  readonly label: string;
  readonly a: Partial<LabState>;
  readonly diff: string;
  /** the step limit of both runs */
  readonly limit: number;
}

/** Ready-made comparisons: A's settings, and what B changes. */
export const COMPARE_PICKS: readonly ComparePick[] = [
  {
    label: 'sigmoid vs ReLU + He (depth 20)',
    a: { noise: 0, depth: 20, width: 32, activation: 'sigmoid', init: 'xavier-normal', lr: 0.01 },
    diff: 'activation=relu&init=he-normal',
    limit: 1000,
  },
  {
    label: 'λ = 0 vs λ = 0.03 (noisy circle)',
    a: { ...FIT, l2: 0 },
    diff: 'l2=0.03',
    limit: 2000,
  },
];

export function parseDiff(text: string): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text.trim())) raw[k] = v;
  return raw;
}

/** B = A with the diff applied; the seed always stays A's so the runs differ only where asked. */
export function compareState(a: LabState, diff: string): LabState {
  const raw = parseDiff(diff);
  if ('seed' in raw)
    throw new UsageError('compare', 'settings other than seed (both runs share A’s seed)', diff);
  return parseState(raw, a);
}
