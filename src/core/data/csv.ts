// Datasets from CSV text and back. The front end reads the file; the core only sees its text.
// Format: a header row of column names, then rows of finite numbers, comma separated. Names may be quoted
// ("x, y" with "" for a quote); a quoted cell cannot span lines. Errors name the row by its line number in
// the file (the header is row 1), so an editor can jump to it.

import type { Dataset, Task } from '../dataset.js';
import { scanDecimal } from '../decimal.js';
import { shortList, shortText, UsageError } from '../errors.js';
import { FLOAT32_MAX } from '../limits.js';
import type { DType } from '../tensor.js';
import { lineAt, plainCells, quotedCells, quoteFinder, readPlainRow, scanLines } from './csv-scan.js';

export interface CsvOptions {
  /** target column name; default the last column */
  readonly target?: string;
  /** file name for error messages */
  readonly source: string;
  /** the dtype the values will be trained in: float32 refuses a cell past the float32 range */
  readonly dtype?: DType;
}

/** Classification needs integer labels 0..K−1 with K ≤ MAX_CLASSES; anything else is regression. */
export const MAX_CLASSES = 100;

/**
 * Line endings are '\n' or '\r\n', or a lone '\r' in a file without '\n' (old Mac files); a leading
 * byte-order mark is skipped. The text is scanned by offsets (see csv-scan.ts): its cost is about its size.
 */
export function parseCsv(text: string, opts: CsvOptions): Dataset {
  const source = opts?.source ?? 'parseCsv: text';
  if (typeof text !== 'string') throw new UsageError(source, 'CSV text (a string)', typeof text);
  // NOTE: a blank line inside the data is an error (a lost row?); trailing blank lines are not.
  const lines = scanLines(text);
  if (lines.count === 0) throw new UsageError(source, 'a header row of column names', text.trim());
  const hasQuote = quoteFinder(text);
  const cellsAt = (begin: number, stop: number, where: string): string[] =>
    hasQuote(begin, stop) ? quotedCells(text.slice(begin, stop), where) : plainCells(text, begin, stop);

  const header = lineAt(text, lines.start, lines);
  const names = cellsAt(lines.start, header.stop, `${source} header`);
  checkHeader(names, source);
  const target = opts?.target;
  const t = target === undefined ? names.length - 1 : names.indexOf(target);
  if (t < 0) throw new UsageError('--target', `one of the columns ${shortList(names)}`, target);

  const n = lines.count - 1;
  if (n === 0) throw new UsageError(source, 'at least one data row after the header', 0);
  const d = names.length - 1;
  const float32 = opts?.dtype === 'float32';
  const x = new Float64Array(n * d); // (N, D)
  const y = new Float64Array(n); // (N, 1)
  const width = names.length;
  // NOTE: fround, not |v| ≤ FLOAT32_MAX: 3.4028235e38 (how float32 max prints) rounds to it, finite.
  const fits = (v: number): boolean => (float32 ? Number.isFinite(Math.fround(v)) : Number.isFinite(v));
  const values = new Float64Array(width); // one row, read by readPlainRow
  let begin = header.next;
  let stop = begin;
  /** The error for a bad cell of the current line; a ragged line is named as such first. */
  const badCell = (row: number, c: number, cell: string, cellCount: number): UsageError => {
    if (cellCount !== width) return ragged(row, cellCount);
    const expected = !Number.isFinite(scanDecimal(cell))
      ? 'a finite number'
      : `a number in the float32 range, |x| ≤ ${FLOAT32_MAX} (--dtype float64 holds more)`;
    return new UsageError(`${source} row ${row} column "${shortText(names[c]!)}"`, expected, shortText(cell));
  };
  const ragged = (row: number, cellCount: number): UsageError => {
    const got = text.slice(begin, stop).trim() === '' ? 'an empty line' : cellCount;
    return new UsageError(`${source} row ${row}`, `${width} cells like the header`, got);
  };
  for (let r = 0; r < n; r++) {
    const row = r + 2; // line number in the file
    const line = lineAt(text, begin, lines);
    stop = line.stop;
    let j = r * d;
    if (hasQuote(begin, stop)) {
      const cells = quotedCells(text.slice(begin, stop), `${source} row ${row}`);
      if (cells.length !== width) throw ragged(row, cells.length);
      for (let c = 0; c < width; c++) {
        const v = scanDecimal(cells[c]!);
        if (!fits(v)) throw badCell(row, c, cells[c]!, width);
        if (c === t) y[r] = v;
        else x[j++] = v;
      }
    } else if (!readPlainRow(text, begin, stop, values)) {
      // Not every cell is a short plain decimal: each cell between commas goes to scanDecimal.
      let from = begin;
      let c = 0;
      for (; c < width; c++) {
        const p = text.indexOf(',', from);
        const to = p < 0 || p > stop ? stop : p;
        const v = scanDecimal(text, from, to);
        if (!fits(v))
          throw badCell(row, c, text.slice(from, to).trim(), plainCells(text, begin, stop).length);
        if (c === t) y[r] = v;
        else x[j++] = v;
        from = to + 1;
        if (to === stop) break;
      }
      if (c !== width - 1 || from !== stop + 1) throw ragged(row, plainCells(text, begin, stop).length);
    } else {
      for (let c = 0; c < width; c++) {
        if (c === t) y[r] = values[c]!;
        else x[j++] = values[c]!;
      }
    }
    begin = line.next;
  }

  const { task, numClasses } = inferTask(y);
  return {
    name: source.replace(/^.*[\\/]/, '').replace(/\.csv$/i, ''),
    x,
    y,
    n,
    inputDim: d,
    targetDim: 1,
    task,
    ...(numClasses === undefined ? {} : { numClasses }),
    featureNames: names.filter((_, c) => c !== t),
    targetName: names[t]!,
  };
}

function checkHeader(names: string[], source: string): void {
  if (names.length < 2) {
    throw new UsageError(`${source} header`, 'at least 2 columns (features and a target)', names.length);
  }
  const seen = new Set<string>();
  names.forEach((name, c) => {
    if (name === '') throw new UsageError(`${source} header column ${c + 1}`, 'a column name', name);
    if (seen.has(name))
      throw new UsageError(`${source} header column ${c + 1}`, 'a name not used before', shortText(name));
    seen.add(name);
  });
}

/** Integer targets 0..K−1 with K ≤ MAX_CLASSES are class labels; anything else is a regression target. */
export function inferTask(y: Float64Array): { task: Task; numClasses?: number } {
  let max = 0;
  for (const v of y) {
    if (!Number.isInteger(v) || v < 0 || v >= MAX_CLASSES) return { task: 'regression' };
    max = Math.max(max, v);
  }
  // NOTE: a file whose labels are all 0 is still a (one-sided) binary set, not a 1-class problem.
  const numClasses = Math.max(2, max + 1);
  return { task: numClasses === 2 ? 'binary' : 'multiclass', numClasses };
}

function quote(name: string): string {
  return /[",\r\n]|^\s|\s$/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;
}

/**
 * The CSV text of a dataset: features then targets, one row per sample, newline terminated. Numbers are
 * written in the shortest form that reads back to the same float64, so parseCsv(toCsv(ds)) gives the same
 * x and y (with the task re-inferred from the labels).
 */
export function toCsv(ds: Dataset): string {
  const features = ds.featureNames ?? Array.from({ length: ds.inputDim }, (_, j) => `x${j + 1}`);
  const base = ds.targetName ?? 'y';
  const targets =
    ds.targetDim === 1 ? [base] : Array.from({ length: ds.targetDim }, (_, k) => `${base}${k + 1}`);
  const lines = [[...features, ...targets].map(quote).join(',')];
  for (let i = 0; i < ds.n; i++) {
    const xi = ds.x.subarray(i * ds.inputDim, (i + 1) * ds.inputDim);
    const yi = ds.y.subarray(i * ds.targetDim, (i + 1) * ds.targetDim);
    lines.push([...xi, ...yi].join(','));
  }
  return `${lines.join('\n')}\n`;
}
