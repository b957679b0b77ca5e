// "Apply fix": the verdict engine suggests gradscope flags in backticks ("use `--activation relu --init
// he-normal`, or `--norm layer --residual`"). The first suggestion whose flags the lab has, with values,
// becomes lab settings; else "lower/raise `--flag` (now v), e.g. by 100×" moves v by that factor (10× if
// none is named). Nothing here decides what to fix.

import type { BatchMode } from './state.js';

/** gradscope train flag → lab setting */
const FLAG_KEYS: Readonly<Record<string, string>> = {
  '--data': 'data',
  '--samples': 'samples',
  '--noise': 'noise',
  '--depth': 'depth',
  '--width': 'width',
  '--activation': 'activation',
  '--init': 'init',
  '--loss': 'loss',
  '--optimizer': 'optimizer',
  '--lr': 'lr',
  '--l1': 'l1',
  '--l2': 'l2',
  '--weight-decay': 'weightDecay',
  '--dropout': 'dropout',
  '--clip-norm': 'clipNorm',
  '--norm': 'norm',
  '--residual': 'residual',
  '--residual-scale': 'residualScale',
  '--seed': 'seed',
};

function batchSettings(value: string): Record<string, string> {
  const mode: BatchMode = value === 'full' ? 'batch' : value === '1' ? 'sgd' : 'minibatch';
  return mode === 'minibatch' ? { batchMode: mode, batchSize: value } : { batchMode: mode };
}

/** Lab settings of one backticked flag group, or null if the lab cannot apply it exactly. */
export function flagsToSettings(group: string): Record<string, string> | null {
  const words = group.trim().split(/\s+/);
  const out: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const flag = words[i]!;
    if (!flag.startsWith('--')) return null;
    const next = words[i + 1];
    const value = next !== undefined && !next.startsWith('--') ? next : null;
    if (value !== null) i++;
    if (flag === '--batch-size' && value !== null) Object.assign(out, batchSettings(value));
    else if (flag === '--residual' && value === null) out.residual = 'true';
    else if (flag === '--residual-scale' && value === 'auto') out.residualScale = '0';
    else {
      const key = FLAG_KEYS[flag];
      if (!key || value === null) return null;
      out[key] = value;
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The first applicable fix in a suggestion, as lab settings. */
export function suggestionToFix(suggestion: string): Record<string, string> | null {
  for (const m of suggestion.matchAll(/`([^`]+)`/g)) {
    const fix = flagsToSettings(m[1]!);
    if (fix) return fix;
  }
  const nudge = /\b(lower|raise)\s+`(--[a-z0-9-]+)`\s*\(now ([^)]+)\)([^`]*)/.exec(suggestion);
  if (nudge) {
    const key = FLAG_KEYS[nudge[2]!];
    const now = Number(nudge[3]);
    // "by 100×" or "by 10–100×" names the factor (the smaller one); 10× otherwise
    const factor = Number(/by (\d+)(?:–\d+)?×/.exec(nudge[4]!)?.[1] ?? 10);
    if (key && Number.isFinite(now) && now > 0) {
      const next = nudge[1] === 'lower' ? now / factor : now * factor;
      return { [key]: String(Number(next.toPrecision(3))) };
    }
  }
  return null;
}
