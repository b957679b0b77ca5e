// Scanning CSV text by offsets: lines and cells are found with indexOf and taken as slices, so a large
// file costs about its own size and no string is built a character at a time.

import { scanNumber } from '../decimal.js';
import { shortText, UsageError } from '../errors.js';

export interface CsvLines {
  /** offset of the first line (after a byte-order mark) */
  readonly start: number;
  /** offset where the last non-blank line ends: trailing blank lines are not rows */
  readonly end: number;
  /** the line terminator: '\n' (a '\r' before it is dropped), or '\r' in a file without any '\n' */
  readonly eol: '\n' | '\r';
  /** lines in [start, end); 0 when every line is blank */
  readonly count: number;
}

const BOM = 0xfeff;
const CR = 0x0d;

export function scanLines(text: string): CsvLines {
  const start = text.charCodeAt(0) === BOM ? 1 : 0;
  // NOTE: old Mac files end lines with a lone '\r'. Only a file with no '\n' at all is read that way, so
  // a stray '\r' inside a line of a '\n' file stays in its cell (and is refused there, naming the row).
  const eol = text.indexOf('\n', start) < 0 && text.indexOf('\r', start) >= 0 ? '\r' : '\n';
  let end = text.length;
  while (end > start) {
    const p = text.lastIndexOf(eol, end - 1);
    const begin = p < start ? start : p + 1;
    if (text.slice(begin, end).trim() !== '') break;
    end = Math.max(p, start);
  }
  let count = 0;
  if (end > start) {
    count = 1;
    for (let p = text.indexOf(eol, start); p >= 0 && p < end; p = text.indexOf(eol, p + 1)) count++;
  }
  return { start, end, eol, count };
}

/** Where the line that begins at `begin` stops (its terminator, '\r\n' as a whole) and the next begins. */
export function lineAt(text: string, begin: number, lines: CsvLines): { stop: number; next: number } {
  const p = text.indexOf(lines.eol, begin);
  const next = p < 0 || p > lines.end ? lines.end : p;
  const stop = lines.eol === '\n' && next > begin && text.charCodeAt(next - 1) === CR ? next - 1 : next;
  return { stop, next: next + 1 };
}

/**
 * Whether text[begin, stop) holds a double quote, for lines asked in order: the next quote is found once
 * and kept, so a file without quotes is searched once in all, not once a line.
 */
export function quoteFinder(text: string): (begin: number, stop: number) => boolean {
  let next = -2;
  return (begin, stop) => {
    if (next !== -1 && next < begin) next = text.indexOf('"', begin);
    return next >= 0 && next < stop;
  };
}

const COMMA = 0x2c;

/**
 * Read a line without quotes whose cells are all short plain decimals (scanNumber's fast path) into
 * `values`, one a cell, in one pass over its characters. False when the line is anything else (other
 * numbers, bad cells, too few or too many cells): the caller then reads or names it cell by cell.
 */
export function readPlainRow(text: string, begin: number, stop: number, values: Float64Array): boolean {
  if (readBareRow(text, begin, stop, values)) return true;
  const last = values.length - 1;
  let from = begin;
  for (let c = 0; c <= last; c++) {
    const k = scanNumber(text, from, stop, values, c);
    if (k < 0) return false;
    if (c === last) return k === stop;
    if (k >= stop || text.charCodeAt(k) !== COMMA) return false;
    from = k + 1;
  }
  return false;
}

// NOTE: the same powers as decimal.ts's fast path, so a cell reads to the same double either way
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const DOT = 0x2e;
const MINUS = 0x2d;

/**
 * readPlainRow's common case in one tight loop: every cell is `-?digits[.digits]` with at most 15 digits
 * and nothing around it (what a program writes), read as scanNumber reads it: m, or m / 10^scale, the
 * one correctly rounded IEEE operation of its fast path. False on anything else, so scanNumber decides.
 * NOTE: text[stop] is a line terminator or past the text's end (lineAt), never a digit, dot or comma, so
 * the digit loops need no bound check: a cell cannot run past its line.
 */
function readBareRow(text: string, begin: number, stop: number, values: Float64Array): boolean {
  const last = values.length - 1;
  let k = begin;
  for (let cell = 0; cell <= last; cell++) {
    let c = text.charCodeAt(k);
    const negative = c === MINUS;
    if (negative) c = text.charCodeAt(++k);
    const first = k;
    let m = 0;
    while (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      c = text.charCodeAt(++k);
    }
    let digits = k - first;
    let scale = 0;
    if (c === DOT) {
      const dot = ++k;
      c = text.charCodeAt(k);
      while (c >= 0x30 && c <= 0x39) {
        m = m * 10 + (c - 0x30);
        c = text.charCodeAt(++k);
      }
      scale = k - dot;
      digits += scale;
    }
    if (digits === 0 || digits > 15) return false;
    const v = scale === 0 ? m : m / POW10[scale]!;
    values[cell] = negative ? -v : v;
    if (cell === last) return k === stop;
    if (k >= stop || c !== COMMA) return false;
    k++;
  }
  return false;
}

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
