// Cell formatting shared by the terminal tables and the HTML tables, so both show the same digits.

import type { Cell } from '../index.js';
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

export function formatCell(c: Cell): string {
  if (c === null) return '-';
  if (typeof c === 'boolean') return c ? 'yes' : 'no';
  return typeof c === 'number' ? formatNumber(c) : c;
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function textTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = rows.map((r) => r.map(formatCell));
  const widths = columns.map((h, c) => Math.max(h.length, ...cells.map((r) => (r[c] ?? '').length)));
  const line = (cs: readonly string[]): string =>
    cs
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

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

/** An accuracy as a percentage to one decimal: 65.0%. */
export function accuracyText(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? '-' : `${(x * 100).toFixed(1)}%`;
}
