// The cells of a CSV line as text: a header, or a row with quotes (rows of numbers are read from the
// bytes, csv-number.ts). Cells are found with indexOf and taken as slices, so a long line costs about its
// own size and no string is built a character at a time.

import { shortText, UsageError } from '../errors.js';

/** The cells of a line without quotes: split on commas, trimmed. */
export function plainCells(text: string, begin: number, stop: number): string[] {
  const cells: string[] = [];
  let from = begin;
  for (let p = text.indexOf(',', from); p >= 0 && p < stop; p = text.indexOf(',', from)) {
    cells.push(text.slice(from, p).trim());
    from = p + 1;
  }
  cells.push(text.slice(from, stop).trim());
  return cells;
}

/**
 * The cells of a line with quotes: commas outside double quotes split it, cells are trimmed and unquoted.
 * A quote opens a quoted part only where the cell so far is blank (`"a,b"`, ` "x"`); `""` inside is a
 * quote; elsewhere a quote is literal (`5"`). A quoted part must close on its line.
 */
export function quotedCells(line: string, where: string): string[] {
  const cells: string[] = [];
  let cell = ''; // the cell up to `seg`, unquoted
  let seg = 0; // line[seg, i) belongs to the cell too, as it is
  let blank = true; // the cell so far is blank, kept as a flag so a long cell is not trimmed at every quote
  let i = 0;
  // NOTE: the next comma and quote are kept and searched again only once passed, so no part of the line
  // is searched twice (a line of a million quotes or commas stays linear).
  let comma = -2;
  let quote = -2;
  for (;;) {
    if (comma !== -1 && comma < i) comma = line.indexOf(',', i);
    if (quote !== -1 && quote < i) quote = line.indexOf('"', i);
    if (quote >= 0 && (comma < 0 || quote < comma)) {
      if (!blank || line.slice(i, quote).trim() !== '') {
        blank = false; // a literal quote
        i = quote + 1;
        continue;
      }
      const close = closingQuote(line, quote + 1);
      if (close < 0) {
        throw new UsageError(
          where,
          'a closing " on the same line (cells cannot span lines)',
          shortText(line),
        );
      }
      cell = line.slice(quote + 1, close).replaceAll('""', '"');
      blank = cell.trim() === '';
      seg = i = close + 1;
    } else if (comma >= 0) {
      cells.push(`${cell}${line.slice(seg, comma)}`.trim());
      cell = '';
      blank = true;
      seg = i = comma + 1;
    } else {
      cells.push(`${cell}${line.slice(seg)}`.trim());
      return cells;
    }
  }
}

/** The offset of the quote that closes a quoted part begun at `from`, past `""` pairs; −1 if none. */
function closingQuote(line: string, from: number): number {
  for (let q = line.indexOf('"', from); q >= 0; q = line.indexOf('"', q + 2)) {
    if (line.charCodeAt(q + 1) !== 0x22) return q;
  }
  return -1;
}
