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
