// Numbers read from a CSV file's bytes in place, without making a string: the same double Number() gives
// the cell's text, and the same refusals as parseDecimal (hex, Infinity, words). Only a cell outside the
// fast path (more than 15 digits, an exponent far out, blanks other than ASCII) is decoded to a string
// and handed to parseDecimal, so every cell reads as parseDecimal(cell text) would read it.

import { parseDecimal } from '../decimal.js';

// NOTE: every power 10^0..10^22 is exact in float64, and so is every integer of at most 15 digits: one
// IEEE multiply or divide of the two is then correctly rounded, the same double Number() gives.
// reference: Clinger, "How to read floating point numbers accurately" (PLDI 1990), the fast path.
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_DIGITS = 15;
const MAX_POWER = 22;

const COMMA = 0x2c;
const DOT = 0x2e;
const MINUS = 0x2d;
const PLUS = 0x2b;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER = 0x20; // 'E' | 0x20 === 'e'

const isBlank = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

// NOTE: a decoder that keeps a byte-order mark inside a cell, so a cell reads as its text does (trim
// drops U+FEFF there, as parseDecimal's does).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of bytes[from, to), which binaryAt has passed as UTF-8. */
export const textOf = (bytes: Uint8Array, from: number, to: number): string =>
  utf8.decode(bytes.subarray(from, to));

/**
 * A row whose `values.length` cells are all `-?digits[.digits]` with at most 15 digits and nothing
 * around them (what a program writes), read into `values` in one pass: each is m or m / 10^scale, one
 * correctly rounded IEEE operation. Returns where the last cell ends, for the caller to check that the
 * line ends there; −1 on anything else (the caller then reads the line cell by cell).
 * NOTE: past the end of `bytes` a read is undefined, which is no digit, dot or comma: a cell cut off by
 * the end of a chunk ends there, and the caller sees that it ended at the end.
 */
export function readBareRow(bytes: Uint8Array, begin: number, values: Float64Array): number {
  const last = values.length - 1;
  let k = begin;
  for (let cell = 0; ; cell++) {
    let c = bytes[k]!;
    const negative = c === MINUS;
    if (negative) c = bytes[++k]!;
    const first = k;
    let m = 0;
    while (c >= ZERO && c <= NINE) {
      m = m * 10 + (c - ZERO);
      c = bytes[++k]!;
    }
    let digits = k - first;
    let scale = 0;
    if (c === DOT) {
      const dot = ++k;
      c = bytes[k]!;
      while (c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        c = bytes[++k]!;
      }
      scale = k - dot;
      digits += scale;
    }
    if (digits === 0 || digits > MAX_DIGITS) return -1;
    const v = scale === 0 ? m : m / POW10[scale]!;
    values[cell] = negative ? -v : v;
    if (cell === last) return k;
    if (c !== COMMA) return -1;
    k++;
  }
}

const scratch = new Float64Array(1);

/**
 * The fast path for one cell: a plain decimal of at most 15 digits whose value is digits × 10^p with
 * |p| ≤ 22 at bytes[from, stop), ASCII blanks around it allowed; written to out[0]. Returns where it
 * ends (after the blanks), or −1 when the cell has another form (it may still be a decimal).
 */
function scanCell(bytes: Uint8Array, from: number, stop: number, out: Float64Array): number {
  let k = from;
  let c = bytes[k]!;
  while (k < stop && isBlank(c)) c = bytes[++k]!;
  const negative = c === MINUS;
  if (negative || c === PLUS) c = bytes[++k]!;
  let m = 0;
  let digits = 0;
  let scale = 0;
  for (; k < stop && c >= ZERO && c <= NINE; c = bytes[++k]!, digits++) m = m * 10 + (c - ZERO);
  if (k < stop && c === DOT) {
    for (c = bytes[++k]!; k < stop && c >= ZERO && c <= NINE; c = bytes[++k]!, digits++, scale++) {
      m = m * 10 + (c - ZERO);
    }
  }
  if (digits === 0 || digits > MAX_DIGITS) return -1;
  let exponent = 0;
  if (k < stop && (c | LOWER) === 0x65) {
    c = bytes[++k]!;
    const minus = c === MINUS;
    if (minus || c === PLUS) c = bytes[++k]!;
    const first = k;
    for (; k < stop && c >= ZERO && c <= NINE && exponent <= MAX_POWER + MAX_DIGITS; c = bytes[++k]!) {
      exponent = exponent * 10 + (c - ZERO);
    }
    if (k === first) return -1;
    if (minus) exponent = -exponent;
  }
  const power = exponent - scale;
  if (power < -MAX_POWER || power > MAX_POWER) return -1;
  while (k < stop && isBlank(c)) c = bytes[++k]!;
  const v = power >= 0 ? m * POW10[power]! : m / POW10[-power]!;
  out[0] = negative ? -v : v;
  return k;
}

/** The number bytes[from, to) spells, as parseDecimal reads the cell's text: NaN when it is none. */
export function cellValue(bytes: Uint8Array, from: number, to: number): number {
  return scanCell(bytes, from, to, scratch) === to ? scratch[0]! : parseDecimal(textOf(bytes, from, to));
}

/** Where the cell that begins at `from` ends: the next comma before `stop`, or `stop`. */
export function cellEnd(bytes: Uint8Array, from: number, stop: number): number {
  // NOTE: a loop, not indexOf: a call per comma costs more than the comparisons (a line of a million)
  let p = from;
  while (p < stop && bytes[p] !== COMMA) p++;
  return p;
}

/** How many cells bytes[from, stop) has, a line without quotes: its commas and one. */
export function cellCount(bytes: Uint8Array, from: number, stop: number): number {
  let count = 1;
  for (let p = from; p < stop; p++) if (bytes[p] === COMMA) count++;
  return count;
}
