// A sweep (its store's trials) → one self-contained HTML page: the trials table (sortable: click a
// column; best first by the metric), the metric against each parameter (mean, best and worst over the
// other parameters), a heatmap of two chosen parameters (the mean over the rest, seeds included, with the
// spread in a table beside it) and a link to each trial's own run report.

import {
  aggregate,
  type BarChart,
  type Cell,
  type Chart,
  compareMetric,
  distinctValues,
  type HeatmapChart,
  type LineChart,
  type SweepDefinition,
  type Table,
} from '../index.js';
import { accuracyText, measuredText, valueText } from './format.js';
import { escapeHtml, type ReportSection, renderPage } from './page.js';

export interface SweepPageTrial {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: string;
  readonly metric: number | null;
  readonly trainLoss: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly error: string | null;
  /** the trial's run report, relative to the page (null: none) */
  readonly link: string | null;
}

export interface SweepPageOptions {
  /** the heatmap's parameters (x, y); default the first two that vary, seed last */
  readonly heatmap?: readonly [string, string];
  readonly source: string;
}

// parameters are shown as the sweep file writes them (valueText: 1e-5, not 1.000e-5), measured numbers to
// 4 digits, as `gradscope sweep best` shows them
const numberText = (x: number): string => (Number.isInteger(x) ? String(x) : measuredText(x));

/** The parameters that take more than one value, seed last (it is what a heatmap averages over). */
export function variedParameters(trials: readonly SweepPageTrial[], def: SweepDefinition): string[] {
  const keys = Object.keys(def.parameters).filter((k) => distinctValues(trials, k).length > 1);
  return [...keys.filter((k) => k !== 'seed'), ...keys.filter((k) => k === 'seed')];
}

// NOTE: the cells carry their sort key (data-v): a number, or the text; a missing metric sorts last
function trialsTable(def: SweepDefinition, trials: readonly SweepPageTrial[]): string {
  const keys = Object.keys(def.parameters);
  const sorted = [...trials].sort(
    (a, b) => compareMetric(def.metric.goal, a.metric, b.metric) || a.index - b.index,
  );
  const head = ['trial', def.metric.name, ...keys, 'train loss', 'val loss', 'val acc', 'status', 'run'];
  const cell = (v: number | string | null, text?: string): string => {
    const key = typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
    const shown = text ?? (typeof v === 'number' ? numberText(v) : (v ?? '-'));
    return `<td${typeof v === 'number' ? ' class="num"' : ''} data-v="${escapeHtml(key || String(v ?? ''))}">${escapeHtml(shown)}</td>`;
  };
  const body = sorted.map((t) => {
    const cells = [
      cell(t.index),
      cell(t.metric),
      ...keys.map((k) => {
        const v = t.params[k];
        return typeof v === 'number' ? cell(v, valueText(v)) : cell(valueText(v));
      }),
      cell(t.trainLoss),
      cell(t.valLoss),
      cell(t.valAccuracy, accuracyText(t.valAccuracy)),
      `<td class="${t.status === 'failed' ? 'flag' : ''}" title="${escapeHtml(t.error ?? '')}">${escapeHtml(t.status)}</td>`,
      `<td>${t.link ? `<a href="${escapeHtml(t.link)}">report</a>` : '-'}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const ths = head.map((h) => `<th style="cursor:pointer" title="sort">${escapeHtml(h)}</th>`).join('');
  return `<figure class="table"><figcaption>Trials, best first (click a column to sort)</figcaption><table id="sweep-trials"><thead><tr>${ths}</tr></thead><tbody>${body.join('\n')}</tbody></table></figure>
<script>(${sortable.toString()})(document.getElementById('sweep-trials'));</script>`;
}

/** In-page: sort the table's rows by a clicked column (numbers numerically, empty last); again reverses. */
function sortable(table: HTMLTableElement): void {
  const body = table.tBodies[0]!;
  let last = -1;
  let dir = 1;
  table.tHead!.rows[0]!.addEventListener('click', (e) => {
    const th = (e.target as HTMLElement).closest('th');
    if (!th) return;
    const col = th.cellIndex;
    dir = col === last ? -dir : 1;
    last = col;
    const key = (r: HTMLTableRowElement): string => r.cells[col]!.dataset.v ?? '';
    const rows = [...body.rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x === '' || y === '') return (x === '' ? 1 : 0) - (y === '' ? 1 : 0);
      const nx = Number(x);
      const ny = Number(y);
      return dir * (Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny);
    });
    for (const r of rows) body.appendChild(r);
  });
}

/**
 * Values that span decades and include 0 (λ ∈ {0, 1e-5, …, 1}): neither axis shows them, since a linear one
 * crowds every value but the largest at 0 and a log one has no place for 0, so they are drawn as categories.
 */
export function zeroAmongDecades(xs: readonly number[]): boolean {
  const positive = xs.filter((x) => x > 0);
  return xs.includes(0) && positive.length >= 2 && Math.max(...positive) / Math.min(...positive) >= 100;
}

/** The metric against one parameter: the mean, best and worst over everything else. */
export function againstParameter(
  def: SweepDefinition,
  trials: readonly SweepPageTrial[],
  key: string,
): Chart {
  const cells = aggregate(trials, [key]);
  const values = distinctValues(trials, key).filter((v) => cells.some((c) => c.values[0] === v));
  const at = (v: unknown) => cells.find((c) => JSON.stringify(c.values[0]) === JSON.stringify(v))!;
  const best = def.metric.goal === 'minimize' ? 'min' : 'max';
  const worst = def.metric.goal === 'minimize' ? 'max' : 'min';
  const series = [
    { label: 'mean', y: values.map((v) => at(v).mean) },
    { label: 'best', y: values.map((v) => at(v)[best]), points: true },
    { label: 'worst', y: values.map((v) => at(v)[worst]), points: true },
  ];
  const title = `${def.metric.name} against ${key}`;
  if (values.every((v) => typeof v === 'number') && !zeroAmongDecades(values as number[])) {
    const xs = values as number[];
    const xLog = xs[0]! > 0 && xs[xs.length - 1]! / xs[0]! >= 100;
    return {
      kind: 'line',
      title,
      xLabel: key,
      yLabel: def.metric.name,
      xLog,
      x: xs,
      series,
    } satisfies LineChart;
  }
  return {
    kind: 'bars',
    title,
    yLabel: def.metric.name,
    categories: values.map(valueText),
    series,
  } satisfies BarChart;
}

/** The two parameters' grid: a heatmap of the mean, and a table of mean ± sd (n). */
function heatmap(
  def: SweepDefinition,
  trials: readonly SweepPageTrial[],
  [px, py]: readonly [string, string],
) {
  const xs = distinctValues(trials, px);
  const ys = distinctValues(trials, py);
  const cells = aggregate(trials, [px, py]);
  const at = (x: unknown, y: unknown) =>
    cells.find((c) => JSON.stringify(c.values) === JSON.stringify([x, y])) ?? null;
  // values over decades (λ ∈ {0, 1e-5, …, 1}, or 1e-4 … 1) would crowd into one cell's width on the
  // heatmap's linear axes: they are drawn as categories, as the names of an activation are
  const numeric = (vs: unknown[]): boolean => {
    if (!vs.every((v) => typeof v === 'number')) return false;
    const xs = vs as number[];
    const positive = xs.filter((x) => x > 0);
    const decades = positive.length >= 2 && Math.max(...positive) / Math.min(...positive) >= 100;
    return !zeroAmongDecades(xs) && !decades;
  };
  // NOTE: a categorical axis (activation names, λ over decades) is drawn at 0, 1, 2, … and named in the title
  const axis = (vs: unknown[]): number[] => (numeric(vs) ? (vs as number[]) : vs.map((_, i) => i));
  const named = (key: string, vs: unknown[]): string =>
    numeric(vs) ? key : `${key} (${vs.map((v, i) => `${i} = ${valueText(v)}`).join(', ')})`;
  const chart: HeatmapChart = {
    kind: 'heatmap',
    title: `${def.metric.name}: mean over the other parameters`,
    xLabel: named(px, xs),
    yLabel: named(py, ys),
    x: axis(xs),
    y: axis(ys),
    values: ys.map((y) => xs.map((x) => at(x, y)?.mean ?? null)),
    colorLabel: def.metric.name,
    colorLog: false,
  };
  const table: Table = {
    title: `${def.metric.name} by ${py} (rows) and ${px} (columns): mean ± sd (trials)`,
    columns: [`${py} \\ ${px}`, ...xs.map(valueText)],
    rows: ys.map((y) => [
      valueText(y),
      ...xs.map((x): Cell => {
        const c = at(x, y);
        if (c === null) return null;
        // one trial has no spread: its value and the count, not "± 0"
        return c.n < 2
          ? `${measuredText(c.mean)} (1)`
          : `${measuredText(c.mean)} ± ${measuredText(c.sd)} (${c.n})`;
      }),
    ]),
    note: 'sd is the sample standard deviation over the trials of a cell (seeds and any other parameter); a cell of one trial has none',
  };
  return { chart, table };
}

export function sweepReportPage(
  def: SweepDefinition,
  trials: readonly SweepPageTrial[],
  opts: SweepPageOptions,
): string {
  const done = trials.filter((t) => t.status === 'done');
  const failed = trials.filter((t) => t.status === 'failed').length;
  const varied = variedParameters(trials, def);
  const best = [...done].sort((a, b) => compareMetric(def.metric.goal, a.metric, b.metric))[0];
  const findings = [
    `${trials.length} trials: ${done.length} done, ${failed} failed, ${trials.length - done.length - failed} unfinished.`,
    ...(best
      ? [
          `Best ${def.metric.name} (${def.metric.goal}): ${measuredText(best.metric)} at trial ${best.index} (${Object.entries(
            best.params,
          )
            .map(([k, v]) => `${k}=${valueText(v)}`)
            .join(', ')}).`,
        ]
      : []),
  ];
  const sections: ReportSection[] = [
    {
      id: 'trials',
      title: 'Trials',
      intro: [
        `${def.method} sweep ${def.name}${def.description ? `: ${def.description}` : ''}; base ${JSON.stringify(def.base)}.`,
      ],
      findings,
      tables: [],
      charts: [],
      html: trialsTable(def, trials),
    },
    {
      id: 'parameters',
      title: 'The metric against each parameter',
      tables: [],
      charts: varied.map((k) => againstParameter(def, done, k)),
    },
  ];
  const pair = opts.heatmap ?? (varied.length >= 2 ? ([varied[0]!, varied[1]!] as const) : null);
  if (pair && done.length > 0) {
    const { chart, table } = heatmap(def, done, pair);
    sections.push({ id: 'heatmap', title: `${pair[0]} × ${pair[1]}`, tables: [table], charts: [chart] });
  }
  return renderPage(`gradscope sweep report: ${def.name}`, sections, `gradscope sweep report ${opts.source}`);
}
