// The CSV reader as it was before the offset scanner: lines by split, cells a character at a time, numbers
// by the DECIMAL regular expression. Slow, plainly right: the fuzz tests hold parseCsv to it. Only the
// CR-only files are new (split on '\r' when the text has no '\n').

import { DECIMAL } from '../../src/core/decimal.js';
import { UsageError } from '../../src/core/errors.js';

export interface ReferenceCsv {
  readonly names: string[];
  readonly x: number[];
  readonly y: number[];
}

const number = (cell: string): number => (DECIMAL.test(cell.trim()) ? Number(cell.trim()) : Number.NaN);

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

/** The reference reading of `text` (last column the target), or the UsageError it throws. */
export function referenceCsv(text: string, source: string): ReferenceCsv {
  const body = text.replace(/^\uFEFF/, '');
  const lines = !body.includes('\n') && body.includes('\r') ? body.split('\r') : body.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new UsageError(source, 'a header row of column names', text.trim());
  const names = splitCells(lines[0]!, `${source} header`);
  if (names.length < 2)
    throw new UsageError(`${source} header`, 'at least 2 columns (features and a target)', names.length);
  names.forEach((name, c) => {
    if (name === '') throw new UsageError(`${source} header column ${c + 1}`, 'a column name', name);
    if (names.indexOf(name) < c)
      throw new UsageError(`${source} header column ${c + 1}`, 'a name not used before', name);
  });
  if (lines.length === 1) throw new UsageError(source, 'at least one data row after the header', 0);
  const x: number[] = [];
  const y: number[] = [];
  lines.slice(1).forEach((line, r) => {
    const row = r + 2;
    const cells = splitCells(line, `${source} row ${row}`);
    if (cells.length !== names.length) {
      const got = line.trim() === '' ? 'an empty line' : cells.length;
      throw new UsageError(`${source} row ${row}`, `${names.length} cells like the header`, got);
    }
    cells.forEach((cell, c) => {
      const v = number(cell);
      if (!Number.isFinite(v))
        throw new UsageError(`${source} row ${row} column "${names[c]}"`, 'a finite number', cell);
      if (c === names.length - 1) y.push(v);
      else x.push(v);
    });
  });
  return { names, x, y };
}
