import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NUM_RUNS } from '../../../test/helpers/fuzz.js';
import { DECIMAL } from '../decimal.js';
import { UsageError } from '../errors.js';
import { parseCsv } from './csv.js';
import { binaryAt } from './csv-binary.js';
import { cellValue, readBareRow } from './csv-number.js';
import type { CsvPasses } from './csv-source.js';

const source = 'f.csv';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Number's reading of a cell as a user wrote it: plain decimal notation only (no hex, no Infinity). */
const numberOf = (cell: string): number => (DECIMAL.test(cell.trim()) ? Number(cell.trim()) : Number.NaN);

/** `bytes` as passes of chunks cut at the given sizes (cycled), each chunk in a reused buffer. */
function chunked(bytes: Uint8Array, sizes: readonly number[]): CsvPasses {
  return function* () {
    const buf = new Uint8Array(Math.max(...sizes));
    for (let p = 0, i = 0; p < bytes.length; i++) {
      const n = Math.min(sizes[i % sizes.length]!, bytes.length - p);
      buf.set(bytes.subarray(p, p + n));
      yield buf.subarray(0, n);
      buf.fill(0x37); // a stale chunk must never be read again
      p += n;
    }
  };
}

/** The dataset, or the message of the UsageError, that parseCsv gives. */
function outcome(data: Parameters<typeof parseCsv>[0]): unknown {
  try {
    return parseCsv(data, { source });
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
}

/** A number as programs and people write it in a CSV cell, and some that are no decimal. */
const cellText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc
    .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.nat(20))
    .map(([v, digits]) => v.toExponential(digits)),
  fc.double({ noNaN: true, min: -1e9, max: 1e9 }).map((v) => v.toFixed(4)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toPrecision(17)),
  fc.stringMatching(/^[ \t]?[+-]?\d{0,18}\.?\d{0,18}([eE][+-]?\d{1,3})?[ \t]?$/),
  fc.constantFrom('+1', '.5', '5.', '-.5', '+.5e3', '007', '-0', '1e22', '1e23', '1e-22', '9007199254740993'),
  fc.constantFrom('0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1e', 'e5', '.', '-', '+', '', ' '),
  fc.constantFrom('1_000', '١', '1\u00a0', '\ufeff2', '1e999', '-1e999', '4.9e-325'),
);

describe('cells read from bytes', () => {
  it('cellValue gives the double Number gives the cell text, bit for bit, and NaN where it is no decimal', () => {
    fc.assert(
      fc.property(cellText, (cell) => {
        const bytes = utf8(`,${cell},`);
        const got = cellValue(bytes, 1, bytes.length - 1);
        expect(Object.is(got, numberOf(cell)), `${JSON.stringify(cell)} read as ${got}`).toBe(true);
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it('readBareRow reads a row of plain decimals as Number does, or declines it (−1, or an end short of the line)', () => {
    const row = fc.array(cellText, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(row, (cells) => {
        const bytes = utf8(`${cells.join(',')}\n`);
        const values = new Float64Array(cells.length);
        // the caller takes the row only where it ends at its line's end
        if (readBareRow(bytes, 0, values) !== bytes.length - 1) return;
        cells.forEach((cell, c) => {
          expect(Object.is(values[c], Number(cell)), `${JSON.stringify(cell)} read as ${values[c]}`).toBe(
            true,
          );
        });
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it('readBareRow takes what a program writes (signs, zeros, 15 digits, a bare dot) and nothing else', () => {
    const values = new Float64Array(1);
    for (const cell of ['0', '-0', '0.25', '-.5', '5.', '999999999999999', '0.00000000000001']) {
      expect(readBareRow(utf8(`${cell}\n`), 0, values), cell).toBe(cell.length);
      expect(Object.is(values[0], Number(cell)), cell).toBe(true);
    }
    for (const cell of ['+1', ' 1', '1234567890123456', '0.000000000000001', '.', '-', '']) {
      expect(readBareRow(utf8(`${cell}\n`), 0, values), cell).toBe(-1);
    }
    for (const cell of ['1e5', '1 ', '0x1', '1_000']) {
      expect(readBareRow(utf8(`${cell}\n`), 0, values), cell).toBeLessThan(cell.length);
    }
  });
});

describe('parseCsv on a string, its bytes and passes over them', () => {
  const CSV_CHARS = [...',"\n\r \t\uFEFF\u00a0é019.-+eExaNI'];
  const csvish = fc.string({ unit: fc.constantFrom(...CSV_CHARS), maxLength: 80 });
  const table = fc.integer({ min: 2, max: 4 }).chain((w) =>
    fc
      .array(fc.array(cellText, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 })
      .map((rows) => {
        const names = ['a', '"b, é"', 'c', 'y'].slice(4 - w);
        return `${[names.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`;
      }),
  );
  const sizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 });

  it('gives the same dataset or the same refusal, however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(fc.oneof(csvish, table), sizes, (text, cuts) => {
        const bytes = utf8(text);
        const expected = outcome(text);
        expect(outcome(bytes)).toEqual(expected);
        expect(outcome(chunked(bytes, cuts))).toEqual(expected);
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('drops a byte-order mark cut between chunks, as it drops a whole one (the fuzz found it read as text)', () => {
    const text = '\uFEFFa,b\n1,0\n2,1\n';
    const whole = parseCsv(utf8(text), { source });
    expect(whole.featureNames).toEqual(['a']);
    for (const cuts of [[1], [2], [1, 2], [2, 1]]) {
      const ds = parseCsv(chunked(utf8(text), cuts), { source });
      expect(ds.featureNames).toEqual(['a']);
      expect(Array.from(ds.x)).toEqual([1, 2]);
    }
    // and a header whose refusal shows the line: the same line, without the mark
    expect(outcome(chunked(utf8('\uFEFF"a\n1\n'), [1]))).toEqual(outcome('\uFEFF"a\n1\n'));
  });

  it('reads a file whose lines are longer than its chunks, with CRLF, a BOM and non-ASCII names', () => {
    const names = ['größe', 'ширина', '高さ', 'y'];
    const rows = Array.from({ length: 50 }, (_, r) => [r * 0.5, -r, `${r}e-3`, r % 2].join(','));
    const text = `\uFEFF${names.join(',')}\r\n${rows.join('\r\n')}\r\n\r\n`;
    for (const cuts of [[1], [2, 3], [7], [64]]) {
      const ds = parseCsv(chunked(utf8(text), cuts), { source });
      expect(ds.featureNames).toEqual(names.slice(0, 3));
      expect(ds.n).toBe(50);
      expect(ds.x.slice(3 * 7, 3 * 8)).toEqual(new Float64Array([3.5, -7, 0.007]));
      expect(ds.y[7]).toBe(1);
    }
  });
});

describe('parseCsv refuses binary data as such', () => {
  const refusal = (data: Uint8Array | string, argument?: string): string => {
    try {
      parseCsv(data, { source, ...(argument === undefined ? {} : { argument }) });
    } catch (e) {
      if (e instanceof UsageError) return e.message;
      throw e;
    }
    throw new Error('not refused');
  };
  const bytes = (...parts: (string | number[])[]): Uint8Array =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

  it('names a NUL byte and its offset, and the flag that named the file', () => {
    expect(refusal(bytes('a,b\n1,2\n3,', [0], '\n'), '--data')).toBe(
      '--data: expected a text CSV file, got "binary data (byte 0x00 at offset 10)"',
    );
    expect(refusal('x,y\n\0\0\0\n')).toBe(
      'f.csv: expected a text CSV file, got "binary data (byte 0x00 at offset 4)"',
    );
  });

  it('names gzip-compressed data and a zip archive by their signatures', () => {
    expect(refusal(bytes([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]))).toBe(
      'f.csv: expected a text CSV file, got "gzip-compressed data (gunzip it first)"',
    );
    expect(refusal(bytes('PK', [3, 4, 20, 0]))).toContain('a zip archive');
  });

  it('names bytes that are not UTF-8, early (a PNG) or deep in a large file', () => {
    const png = bytes([0x89], 'PNG\r\n', [0x1a], '\n');
    expect(refusal(png)).toBe(
      'f.csv: expected a text CSV file, got "binary data (byte 0x89 at offset 0: not UTF-8)"',
    );
    const head = `a,b\n${'1,2\n'.repeat(40_000)}`; // past the first pass's 64 KiB look
    expect(refusal(bytes(head, '3,', [0xc3, 0x28], '\n'))).toBe(
      `f.csv: expected a text CSV file, got "binary data (byte 0xc3 at offset ${head.length + 2}: not UTF-8)"`,
    );
  });

  it('binaryAt finds NULs and exactly what a strict UTF-8 decoder refuses', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const isText = (b: Uint8Array): boolean => {
      if (b.includes(0)) return false;
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const tricky = fc.constantFrom(
      0x00,
      0x7f,
      0x80,
      0xbf,
      0xc0,
      0xc1,
      0xc2,
      0xdf,
      0xe0,
      0xed,
      0xef,
      0xf0,
      0xf4,
      0xf5,
      0xff,
      0x90,
      0xa0,
      0x8f,
    );
    const byteArray = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), tricky), { maxLength: 12 });
    fc.assert(
      fc.property(
        fc.oneof(
          byteArray,
          fc.string({ unit: 'grapheme' }).map((s) => [...utf8(s)]),
        ),
        (list) => {
          const b = new Uint8Array(list);
          const at = binaryAt(b, 0, b.length);
          expect(at < 0).toBe(isText(b));
          if (at >= 0) expect(isText(b.subarray(0, at))).toBe(true);
        },
      ),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it('still reads UTF-8 text: non-ASCII header names, quoted or not', () => {
    const text = '"Größe, cm",Gewicht (kg),Ω\n1.5,2,0\n';
    for (const data of [text, utf8(text)]) {
      const ds = parseCsv(data, { source });
      expect(ds.featureNames).toEqual(['Größe, cm', 'Gewicht (kg)']);
      expect(ds.targetName).toBe('Ω');
      expect(ds.x).toEqual(new Float64Array([1.5, 2]));
    }
  });
});

describe('parseCsv on passes that disagree', () => {
  it('refuses a file that lost lines between its two passes, naming it', () => {
    let pass = 0;
    const shrinking: CsvPasses = () => [utf8(pass++ === 0 ? 'a,y\n1,0\n2,1\n3,0\n' : 'a,y\n1,0\n')];
    expect(() => parseCsv(shrinking, { source })).toThrow(
      'f.csv: expected the 4 lines it had when first read, got "fewer (it changed)"',
    );
  });
});
