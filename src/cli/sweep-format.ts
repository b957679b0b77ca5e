// A sweep's results as terminal text: the counts, and the best trials as a table.

import type { SweepDefinition } from '../index.js';
import type { Counts, TrialRecord } from '../node/sweep/index.js';
import { table } from './format.js';

/**
 * A parameter's value as a user writes it in the sweep file: the shortest text that reads back to the same
 * number (0.001, 0.0003, 1500), exponential below 1e-4 (1e-5, 2.5e-7), where the decimals would be a run of
 * zeros. Never fixed decimals: 0.001 is not "0.001000".
 */
export function valueText(v: unknown): string {
  if (typeof v === 'number') return compact(v);
  return Array.isArray(v) ? v.join(',') : String(v);
}

function compact(x: number): string {
  const a = Math.abs(x);
  if (a !== 0 && a < 1e-4) return x.toExponential().replace('e+', 'e');
  return String(x);
}

/** A measured number (a metric, a loss) to 4 significant digits, trailing zeros dropped: 0.5, 0.4123, 3.2e-5. */
export function measuredText(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return String(x);
  return compact(Number(x.toPrecision(4)));
}

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
