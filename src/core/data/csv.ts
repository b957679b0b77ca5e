// Datasets from CSV files and back. The front end reads the file; the core only sees its bytes or text.
// Format: a header row of column names, then rows of finite numbers, comma separated. Names may be quoted
// ("x, y" with "" for a quote); a quoted cell cannot span lines. Errors name the row by its line number in
// the file (the header is row 1), so an editor can jump to it.

import type { Dataset, Task } from '../dataset.js';
import { parseDecimal } from '../decimal.js';
import { shortList, shortText, UsageError } from '../errors.js';
import { FLOAT32_MAX } from '../limits.js';
import type { DType } from '../tensor.js';
import { binaryAt, binaryText } from './csv-binary.js';
import { readLines } from './csv-lines.js';
import { cellCount, cellEnd, cellValue, readBareRow, textOf } from './csv-number.js';
import { plainCells, quotedCells } from './csv-scan.js';
import { type CsvBytes, layoutOf, passesOf } from './csv-source.js';

export interface CsvOptions {
  /** target column name; default the last column */
  readonly target?: string;
  /** file name for error messages */
  readonly source: string;
  /** the flag or field that named the file (--data), for errors about the file as a whole; default source */
  readonly argument?: string;
  /** the dtype the values will be trained in: float32 refuses a cell past the float32 range */
  readonly dtype?: DType;
}

/** Classification needs integer labels 0..K−1 with K ≤ MAX_CLASSES; anything else is regression. */
export const MAX_CLASSES = 100;

const QUOTE = 0x22;

/**
 * The dataset in a CSV file: its text (the lab's), its bytes, or passes over its bytes (the CLI reads
 * the file so, a chunk at a time: see csv-source.ts). All three are read as the same UTF-8 bytes by
 * the same code. Line endings are '\n' or '\r\n', or a lone '\r' in a file without '\n' (old Mac
 * files); a leading byte-order mark is skipped; binary data (a NUL byte, bytes that are not UTF-8) is
 * refused as such. Cells of short plain decimals, what programs write, are read in place from the bytes.
 */
export function parseCsv(data: CsvBytes, opts: CsvOptions): Dataset {
  const source = opts?.source ?? 'parseCsv: text';
  const passes = passesOf(data);
  if (passes === undefined) throw new UsageError(source, 'CSV text (a string)', typeof data);
  const refuse = (what: string): never => {
    throw new UsageError(opts?.argument ?? source, 'a text CSV file', what);
  };
  /** Refuse bytes[begin, stop) of a line at `offset` in the file when it is binary data. */
  const checkText = (bytes: Uint8Array, begin: number, stop: number, offset: number): void => {
    const at = binaryAt(bytes, begin, stop);
    if (at >= 0) refuse(binaryText(bytes, at, offset - begin));
  };
  // NOTE: a blank line inside the data is an error (a lost row?); trailing blank lines are not.
  const layout = layoutOf(passes, refuse);
  if (layout.count === 0) throw new UsageError(source, 'a header row of column names', '');
  const n = layout.count - 1;
  const float32 = opts?.dtype === 'float32';
  // NOTE: fround, not |v| ≤ FLOAT32_MAX: 3.4028235e38 (how float32 max prints) rounds to it, finite.
  const fits = (v: number): boolean => (float32 ? Number.isFinite(Math.fround(v)) : Number.isFinite(v));
  let names: string[] = [];
  let t = 0; // the target column
  let d = 0;
  let x = new Float64Array(0); // (N, D)
  let y = new Float64Array(0); // (N, 1)
  let values = new Float64Array(0); // one row, read by readBareRow
  const cellsOf = (line: string, where: string): string[] =>
    line.includes('"') ? quotedCells(line, where) : plainCells(line, 0, line.length);

  const header = (bytes: Uint8Array, begin: number, stop: number, offset: number): void => {
    checkText(bytes, begin, stop, offset);
    names = cellsOf(textOf(bytes, begin, stop), `${source} header`);
    checkHeader(names, source);
    const target = opts?.target;
    t = target === undefined ? names.length - 1 : names.indexOf(target);
    if (t < 0) throw new UsageError('--target', `one of the columns ${shortList(names)}`, target);
    if (n === 0) throw new UsageError(source, 'at least one data row after the header', 0);
    d = names.length - 1;
    x = new Float64Array(n * d);
    y = new Float64Array(n);
    values = new Float64Array(names.length);
  };
  /** Store the row of `values` as data row r. */
  const store = (r: number): void => {
    x.set(values.subarray(0, t), r * d);
    y[r] = values[t]!;
    x.set(values.subarray(t + 1), r * d + t);
  };
  /** A row that is not all short plain decimals: its cells one at a time, each error named. */
  const row = (bytes: Uint8Array, begin: number, stop: number, offset: number, r: number): void => {
    const where = `${source} row ${r + 2}`; // line number in the file
    checkText(bytes, begin, stop, offset);
    const width = names.length;
    const ragged = (cellCount: number): UsageError => {
      const got = textOf(bytes, begin, stop).trim() === '' ? 'an empty line' : cellCount;
      return new UsageError(where, `${width} cells like the header`, got);
    };
    const bad = (c: number, v: number, cell: () => string): void => {
      if (fits(v)) return;
      const expected = !Number.isFinite(v)
        ? 'a finite number'
        : `a number in the float32 range, |x| ≤ ${FLOAT32_MAX} (--dtype float64 holds more)`;
      throw new UsageError(`${where} column "${shortText(names[c]!)}"`, expected, shortText(cell()));
    };
    if (bytes.subarray(begin, stop).includes(QUOTE)) {
      const cells = quotedCells(textOf(bytes, begin, stop), where);
      if (cells.length !== width) throw ragged(cells.length);
      cells.forEach((cell, c) => {
        values[c] = parseDecimal(cell);
        bad(c, values[c]!, () => cell);
      });
    } else {
      const count = cellCount(bytes, begin, stop);
      if (count !== width) throw ragged(count);
      for (let c = 0, from = begin; c < width; c++) {
        const to = cellEnd(bytes, from, stop);
        values[c] = cellValue(bytes, from, to);
        bad(c, values[c]!, () => textOf(bytes, from, to).trim());
        from = to + 1;
      }
    }
    store(r);
  };
  const complete = readLines(passes, layout, {
    fast: (bytes, begin, index) => {
      const k = readBareRow(bytes, begin, values);
      if (k >= 0) store(index - 1);
      return k;
    },
    line: (bytes, begin, stop, offset, index) =>
      index === 0 ? header(bytes, begin, stop, offset) : row(bytes, begin, stop, offset, index - 1),
  });
  if (!complete) {
    throw new UsageError(source, `the ${layout.count} lines it had when first read`, 'fewer (it changed)');
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
