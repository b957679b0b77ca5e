// The second pass over a CSV file's bytes: its lines, in order, read where they lie in each chunk. Only
// a line cut by the end of a chunk is copied (into a buffer that grows to the longest such line), so
// the memory a file costs is a chunk, a line and the dataset, never the file.

import { CR, type CsvLayout, type CsvPasses, LF } from './csv-source.js';

export interface LineReader {
  /**
   * Try to read line `index` (≥ 1), which begins at bytes[begin], in one pass without knowing where it
   * ends: return where its content ends (the caller checks that the line ends there), or −1 to have it
   * found and handed to `line` instead.
   */
  fast(bytes: Uint8Array, begin: number, index: number): number;
  /** Read line `index`, bytes[begin, stop) without its terminator; `offset` is where begin is in the file. */
  line(bytes: Uint8Array, begin: number, stop: number, offset: number, index: number): void;
}

/** Hand each of the layout's lines to `reader`; false when the file ended before them (it changed). */
export function readLines(passes: CsvPasses, layout: CsvLayout, reader: LineReader): boolean {
  const { eol, count } = layout;
  let index = 0;
  let carry = new Uint8Array(0); // the start of a line cut by a chunk's end
  let carried = -1; // its length; −1: no line is cut
  let carriedAt = 0; // its offset in the file
  let base = 0; // the offset of the chunk in the file
  /** A whole line in bytes[begin, next), next its terminator or the end of the file. */
  const whole = (bytes: Uint8Array, begin: number, next: number, offset: number, tried: boolean): void => {
    const stop = eol === LF && next > begin && bytes[next - 1] === CR ? next - 1 : next;
    if (tried || index === 0 || reader.fast(bytes, begin, index) !== stop) {
      reader.line(bytes, begin, stop, offset, index);
    }
    index++;
  };
  const keep = (chunk: Uint8Array, from: number, to: number): void => {
    const length = Math.max(carried, 0) + (to - from);
    if (length + 1 > carry.length) {
      const grown = new Uint8Array(Math.max(length + 1, 2 * carry.length));
      grown.set(carry.subarray(0, Math.max(carried, 0)));
      carry = grown;
    }
    if (carried < 0) {
      carried = 0;
      carriedAt = base + from;
    }
    carry.set(chunk.subarray(from, to), carried);
    carried = length;
  };
  const endCarry = (): void => {
    carry[carried] = eol; // NOTE: a terminator after the line, so that `fast` stops there
    whole(carry, 0, carried, carriedAt, false);
    carried = -1;
  };
  let first = true;
  for (const chunk of passes()) {
    const end = chunk.length;
    let p = first ? layout.start : 0;
    first = false;
    if (carried >= 0) {
      const q = chunk.indexOf(eol);
      keep(chunk, 0, q < 0 ? end : q);
      if (q < 0) {
        base += end;
        continue;
      }
      endCarry();
      p = q + 1;
    }
    while (p < end && index < count) {
      if (index > 0) {
        const k = reader.fast(chunk, p, index);
        const next = k < 0 ? -1 : terminated(chunk, k, eol);
        if (next >= 0) {
          index++;
          p = next;
          continue;
        }
      }
      const q = chunk.indexOf(eol, p);
      if (q < 0) break;
      whole(chunk, p, q, base + p, index > 0);
      p = q + 1;
    }
    if (p < end && index < count) keep(chunk, p, end);
    base += end;
    if (index >= count) return true;
  }
  if (carried >= 0 && index < count) endCarry();
  return index >= count;
}

/** Where the next line begins when a line's content ends at bytes[k] and its terminator follows; −1 if not. */
function terminated(bytes: Uint8Array, k: number, eol: CsvLayout['eol']): number {
  const c = bytes[k];
  if (c === eol) return k + 1;
  return eol === LF && c === CR && bytes[k + 1] === LF ? k + 2 : -1;
}
