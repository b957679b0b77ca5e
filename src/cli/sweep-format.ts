// A sweep's results as terminal text: the counts, and the best trials as a table.

import type { SweepDefinition } from '../index.js';
import type { Counts, TrialRecord } from '../node/sweep/index.js';
import { fmt, table } from './format.js';

const value = (v: unknown): string =>
  typeof v === 'number'
    ? Number.isInteger(v)
      ? String(v)
      : fmt(v)
    : Array.isArray(v)
      ? v.join(',')
      : String(v);

/** `l2=0.001 seed=2` */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
}

export function countsText(name: string, c: Counts): string {
  return `sweep ${name}: ${c.total} trials: ${c.done} done, ${c.failed} failed, ${c.running} running, ${c.pending} pending`;
}

/** The trials ranked: rank, trial, the metric, each parameter, and the final numbers. */
export function bestTable(def: SweepDefinition, trials: readonly TrialRecord[]): string {
  const keys = Object.keys(def.parameters);
  const rows = trials.map((t, i) => [
    String(i + 1),
    String(t.index),
    t.metric === null ? '-' : fmt(t.metric),
    ...keys.map((k) => value(t.params[k])),
    fmt(t.final?.train.loss),
    fmt(t.final?.val?.loss),
    t.final?.val?.accuracy === undefined ? '-' : `${(t.final.val.accuracy * 100).toFixed(1)}%`,
  ]);
  return table(['rank', 'trial', def.metric.name, ...keys, 'train loss', 'val loss', 'val acc'], rows);
}

/** One line per failed trial (at most `most`): its index, its parameters and why. */
export function failuresText(trials: readonly TrialRecord[], most = 5): string {
  const failed = trials.filter((t) => t.status === 'failed');
  const lines = failed.slice(0, most).map((t) => `  trial ${t.index} (${paramsText(t.params)}): ${t.error}`);
  if (failed.length > most) lines.push(`  … and ${failed.length - most} more (gradscope sweep status DIR)`);
  return lines.length > 0 ? `failed:\n${lines.join('\n')}\n` : '';
}
