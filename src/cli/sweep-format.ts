// A sweep's results as terminal text: the counts, and the best trials as a table.

import type { SweepDefinition } from '../index.js';
import type { Counts, TrialRecord } from '../node/sweep/index.js';
import { accuracyText, measuredText, valueText } from '../report/format.js';
import { table } from './format.js';

/** `l2=0.001 seed=2` */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${valueText(v)}`)
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
    measuredText(t.metric),
    ...keys.map((k) => valueText(t.params[k])),
    measuredText(t.final?.train.loss),
    measuredText(t.final?.val?.loss),
    accuracyText(t.final?.val?.accuracy),
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
