// The bytes parseCsv reads, and the first of its two passes over them. A front end hands over the file as
// passes of chunks (the CLI reads it 256 KiB at a time into one buffer), so a large file is never held
// whole, neither as bytes nor as a string; text (the lab's) is encoded to UTF-8 the same way, chunk by
// chunk. The first pass finds the line ending and how many lines count (trailing blank lines do not), so
// the dataset is allocated once at its size; the second (csv-lines.ts) reads the lines.

import { binaryAt, binaryText, signatureOf } from './csv-binary.js';

/**
 * One pass over a file's bytes, from the first, in chunks of any size. A chunk is only valid until the
 * next one is asked for (a reader may reuse its buffer); each call starts a new pass.
 */
export type CsvPasses = () => Iterable<Uint8Array>;

/** A CSV file as parseCsv takes it: its text, all its bytes, or passes over its bytes. */
export type CsvBytes = string | Uint8Array | CsvPasses;

const TEXT_CHUNK = 64 * 1024; // UTF-16 units a chunk: at most 3 bytes each in UTF-8

const HIGH_SURROGATE = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;

export const isCsvBytes = (data: unknown): data is CsvBytes =>
  typeof data === 'string' || typeof data === 'function' || data instanceof Uint8Array;

/** Passes over `data`'s bytes; undefined when it is none of the three. */
export function passesOf(data: CsvBytes): CsvPasses | undefined {
  if (typeof data === 'function') return withLead(data, BINARY_WINDOW);
  if (data instanceof Uint8Array) return () => [data];
  if (typeof data !== 'string') return undefined;
  const encoder = new TextEncoder();
  const buf = new Uint8Array(3 * TEXT_CHUNK);
  return function* () {
    for (let i = 0; i < data.length; ) {
      let end = Math.min(i + TEXT_CHUNK, data.length);
      // NOTE: a surrogate pair is encoded whole, never split between two chunks
      if (end < data.length && HIGH_SURROGATE(data.charCodeAt(end - 1))) end--;
      const { written } = encoder.encodeInto(data.slice(i, end), buf);
      yield buf.subarray(0, written);
      i = end;
    }
  };
}

/**
 * `passes` with a first chunk of at least `least` bytes (the whole data when it is shorter), so the first
 * chunk's checks (a byte-order mark, binary data) see the same bytes however the data is cut into chunks
 * (a BOM cut after its first byte was read as text). The lead is copied: a pass may reuse its buffer.
 */
function withLead(passes: CsvPasses, least: number): CsvPasses {
  return function* () {
    let pieces: Uint8Array[] | null = [];
    let total = 0;
    for (const chunk of passes()) {
      if (pieces === null) {
        yield chunk;
        continue;
      }
      if (total === 0 && chunk.length >= least) {
        pieces = null;
        yield chunk;
        continue;
      }
      pieces.push(chunk.slice());
      total += chunk.length;
      if (total >= least) {
        yield joined(pieces, total);
        pieces = null;
      }
    }
    if (pieces !== null && total > 0) yield joined(pieces, total);
  };
}

function joined(pieces: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const LF = 0x0a;
export const CR = 0x0d;

export interface CsvLayout {
  /** where the first line begins: after a UTF-8 byte-order mark */
  readonly start: number;
  /** the line terminator: '\n' (a '\r' before it is dropped), or '\r' in a file without any '\n' */
  readonly eol: typeof LF | typeof CR;
  /** the lines up to the last non-blank one (trailing blank lines are not rows); 0 when all are blank */
  readonly count: number;
}

/** How far into the file the first pass looks for binary data, so that a binary file is refused at once. */
const BINARY_WINDOW = 64 * 1024;

/**
 * The layout of the file: `refuse` is called with what the file is when it is binary data, seen in its
 * first bytes. NOTE: old Mac files end lines with a lone '\r'. Only a file with no '\n' at all is read
 * that way, so a stray '\r' inside a line of a '\n' file stays in its cell (and is refused there).
 */
export function layoutOf(passes: CsvPasses, refuse: (what: string) => never): CsvLayout {
  const lf = countLines(passes, LF, refuse);
  if (lf.terminators > 0) return lf;
  const cr = countLines(passes, CR, refuse);
  return cr.terminators > 0 ? cr : lf;
}

/** Whether a code point is blank to String.prototype.trim (JS white space and line terminators). */
const isBlankPoint = (cp: number): boolean => String.fromCodePoint(cp).trim() === '';

function countLines(
  passes: CsvPasses,
  eol: CsvLayout['eol'],
  refuse: (what: string) => never,
): CsvLayout & { terminators: number } {
  let start = 0;
  let line = 0; // the line being read
  let last = -1; // the last line seen to hold more than blanks
  let blank = true; // the line so far is blank
  let need = 0; // continuation bytes still to come of a code point in a blank line so far
  let point = 0;
  let least = 0; // the smallest point a sequence of its length may spell
  let first = true;
  const nonBlank = (): void => {
    blank = false;
    last = line;
    need = 0;
  };
  for (const chunk of passes()) {
    let p = 0;
    if (first) {
      first = false;
      const what = signatureOf(chunk);
      if (what !== undefined) refuse(what);
      const window = Math.min(chunk.length, BINARY_WINDOW);
      const at = binaryAt(chunk, 0, window, true);
      if (at >= 0) refuse(binaryText(chunk, at, 0));
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = p = 3;
    }
    while (p < chunk.length) {
      if (!blank) {
        const q = chunk.indexOf(eol, p);
        if (q < 0) break;
        line++;
        blank = true;
        p = q + 1;
        continue;
      }
      const b = chunk[p++]!;
      if (b === eol) {
        if (need > 0) last = line; // a code point cut off: not text, so not blank
        line++;
        need = 0;
      } else if (need > 0) {
        // a blank line so far, in a multi-byte code point: blank only if the point is (U+00A0, U+FEFF …),
        // in its shortest form (an overlong one is not UTF-8)
        if ((b & 0xc0) !== 0x80) nonBlank();
        else {
          point = (point << 6) | (b & 0x3f);
          if (--need === 0 && !(point >= least && isBlankPoint(point))) nonBlank();
        }
      } else if (b >= 0xc2 && b <= 0xf4) {
        need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
        least = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
        point = b & (0x7f >> (need + 1));
      } else if (!(b === 0x20 || (b >= 0x09 && b <= 0x0d))) nonBlank();
    }
  }
  const terminators = line; // each line before the last ended with a terminator
  return { start, eol, count: last + 1, terminators };
}
