// Datasets from CSV text and back. The front end reads the file; the core only sees its text.
// Format: a header row of column names, then rows of finite numbers, comma separated. Names may be quoted
// ("x, y" with "" for a quote); a quoted cell cannot span lines. Errors name the row by its line number in
// the file (the header is row 1), so an editor can jump to it.

import type { Dataset, Task } from '../dataset.js';
import { parseDecimal } from '../decimal.js';
import { UsageError } from '../errors.js';

export interface CsvOptions {
  /** target column name; default the last column */
  readonly target?: string;
  /** file name for error messages */
  readonly source: string;
}

/** Classification needs integer labels 0..K−1 with K ≤ MAX_CLASSES; anything else is regression. */
export const MAX_CLASSES = 100;

export function parseCsv(text: string, opts: CsvOptions): Dataset {
  const source = opts?.source ?? 'parseCsv: text';
  if (typeof text !== 'string') throw new UsageError(source, 'CSV text (a string)', typeof text);
  // NOTE: a blank line inside the data is an error (a lost row?); trailing blank lines are not.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new UsageError(source, 'a header row of column names', text.trim());

  const names = splitCells(lines[0]!, `${source} header`);
  checkHeader(names, source);
  const target = opts?.target;
  const t = target === undefined ? names.length - 1 : names.indexOf(target);
  if (t < 0) throw new UsageError('--target', `one of the columns ${names.join(', ')}`, target);

  const n = lines.length - 1;
  if (n === 0) throw new UsageError(source, 'at least one data row after the header', 0);
  const d = names.length - 1;
  const x = new Float64Array(n * d); // (N, D)
  const y = new Float64Array(n); // (N, 1)
  for (let r = 0; r < n; r++) {
    const row = r + 2; // line number in the file
    const line = lines[r + 1]!;
    const cells = splitCells(line, `${source} row ${row}`);
    if (cells.length !== names.length) {
      const got = line.trim() === '' ? 'an empty line' : cells.length;
      throw new UsageError(`${source} row ${row}`, `${names.length} cells like the header`, got);
    }
    let j = 0;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      // Plain decimal notation only: `Number` alone would accept '', ' ', '0x1F' and 'Infinity'.
      const v = parseDecimal(cell);
      if (!Number.isFinite(v))
        throw new UsageError(`${source} row ${row} column "${names[c]}"`, 'a finite number', cell);
      if (c === t) y[r] = v;
      else x[r * d + j++] = v;
    }
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
      throw new UsageError(`${source} header column ${c + 1}`, 'a name not used before', name);
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

/** Split one line on commas outside double quotes; cells are trimmed and unquoted. */
function splitCells(line: string, where: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuotes) {
      if (ch !== '"') cell += ch;
      else if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else inQuotes = false;
    } else if (ch === '"' && cell.trim() === '') {
      inQuotes = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  if (inQuotes) throw new UsageError(where, 'a closing " on the same line (cells cannot span lines)', line);
  cells.push(cell.trim());
  return cells;
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
