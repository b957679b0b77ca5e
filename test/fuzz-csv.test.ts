// Property tests of the CSV reader: on any text, parseCsv gives what the plain character-by-character
// reader gives (test/helpers/csv-reference.ts), the same dataset or the same one-line UsageError; well-formed
// files in every dialect read back exactly; huge cells and rows are refused or read in bounded time.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/core/data/csv.js';
import { DECIMAL, parseDecimal } from '../src/core/decimal.js';
import { UsageError } from '../src/core/errors.js';
import { referenceCsv } from './helpers/csv-reference.js';
import { usageError } from './helpers/errors.js';
import { NUM_RUNS, valueOrRefusal } from './helpers/fuzz.js';

const source = 'f.csv';
const opts = { numRuns: NUM_RUNS };

/** Characters that make CSV interesting: separators, quotes, line ends, blanks, number parts, letters. */
const CSV_CHARS = [...',"\n\r \t\uFEFF019.-+eExaNI'];
const csvish = fc.string({ unit: fc.constantFrom(...CSV_CHARS), maxLength: 60 });

/** A number as someone might write it in a CSV. */
const cellText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => v.toFixed(4)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential(6)),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom(
    '0',
    '-0',
    '.5',
    '5.',
    '+1',
    '1e5',
    '1E-5',
    '007',
    '0.1234567890123456789',
    '123456789012345678',
  ),
);

function reference(text: string): ReturnType<typeof referenceCsv> | string {
  try {
    return referenceCsv(text, source);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
}

function ours(text: string): ReturnType<typeof referenceCsv> | string {
  try {
    const ds = parseCsv(text, { source });
    return { names: [...ds.featureNames!, ds.targetName!], x: [...ds.x], y: [...ds.y] };
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
}

describe('parseCsv on arbitrary text', () => {
  it('gives the reference reader’s dataset or its UsageError, for text of CSV characters', () => {
    fc.assert(
      fc.property(csvish, csvish, (a, b) => {
        expect(ours(`${a}\n${b}`)).toEqual(reference(`${a}\n${b}`));
        expect(ours(a)).toEqual(reference(a));
      }),
      opts,
    );
  });

  it('gives the reference reader’s result for a valid file with one cell replaced by anything', () => {
    const file = fc.record({
      rows: fc.array(fc.array(cellText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
      at: fc.nat(),
      cell: fc.oneof(
        csvish,
        cellText,
        fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '0x10', '', ' '),
      ),
    });
    fc.assert(
      fc.property(file, ({ rows, at, cell }) => {
        const cells = rows.flat();
        cells[at % cells.length] = cell;
        const lines = ['a,b,y', ...rows.map((_, r) => cells.slice(r * 3, r * 3 + 3).join(','))];
        const text = `${lines.join('\n')}\n`;
        expect(ours(text)).toEqual(reference(text));
      }),
      opts,
    );
  });
});

describe('parseCsv on well-formed files', () => {
  const name = fc
    .string({ minLength: 1, maxLength: 8, unit: fc.constantFrom('a', 'b', ' ', ',', '"', 'é', '1') })
    .filter((s) => s.trim() !== '');
  const dialect = fc.record({
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    pad: fc.constantFrom('', ' ', '\t'),
    trailing: fc.nat({ max: 3 }),
  });
  const table = fc
    .uniqueArray(name, { minLength: 2, maxLength: 5, selector: (s) => s.trim() })
    .chain((names) =>
      fc.record({
        names: fc.constant(names),
        rows: fc.array(fc.array(cellText, { minLength: names.length, maxLength: names.length }), {
          minLength: 1,
          maxLength: 20,
        }),
      }),
    );

  it('read back exactly, with any line ending, byte-order mark, quoting, padding and trailing blank lines', () => {
    fc.assert(
      fc.property(table, dialect, ({ names, rows }, { eol, bom, pad, trailing }) => {
        const quoted = names.map((n) => `${pad}"${n.replaceAll('"', '""')}"${pad}`);
        const lines = [quoted.join(','), ...rows.map((r) => r.map((c) => `${pad}${c}${pad}`).join(','))];
        const text = `${bom ? '\uFEFF' : ''}${lines.join(eol)}${eol.repeat(trailing)}`;
        const ds = parseCsv(text, { source, dtype: 'float64' });
        const d = names.length - 1;
        expect(ds.n).toBe(rows.length);
        expect([...ds.featureNames!, ds.targetName]).toEqual(names.map((n) => n.trim()));
        expect([...ds.x]).toEqual(rows.flatMap((r) => r.slice(0, d).map(Number)));
        expect([...ds.y]).toEqual(rows.map((r) => Number(r[d])));
      }),
      opts,
    );
  });

  it('refuses a cell past the float32 range in float32, naming its row and column, and reads it in float64', () => {
    const big = fc.oneof(
      fc.double({ min: 3.5e38, max: 1e308, noNaN: true }),
      fc.constantFrom(3.5e38, 1e300, Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(big, fc.boolean(), fc.nat({ max: 3 }), (v, negative, r) => {
        const cell = String(negative ? -v : v);
        const rows = Array.from({ length: 4 }, (_, k) => (k === r ? `1,${cell},0` : '1,2,0'));
        const text = `a,b,y\n${rows.join('\n')}\n`;
        const e = usageError(() => parseCsv(text, { source, dtype: 'float32' }));
        expect(e.argument).toBe(`${source} row ${r + 2} column "b"`);
        expect(e.expected).toContain('the float32 range');
        expect(e.actual).toBe(JSON.stringify(cell));
        expect(parseCsv(text, { source, dtype: 'float64' }).x[r * 2 + 1]).toBe(Number(cell));
      }),
      opts,
    );
    // float32's largest value, as float32 prints it, rounds to a finite float32: accepted
    expect(parseCsv('a,y\n3.4028235e38,0\n', { source, dtype: 'float32' }).x[0]).toBe(3.4028235e38);
  });
});

describe('parseCsv on huge cells and rows', () => {
  it('refuses a huge bad cell, unterminated quote or ragged row in one short line, quickly', () => {
    const huge = fc.record({
      size: fc.integer({ min: 100_000, max: 2_000_000 }),
      kind: fc.constantFrom('letters', 'quote', 'digits', 'commas', 'quotes'),
    });
    fc.assert(
      fc.property(huge, ({ size, kind }) => {
        const cell = {
          letters: 'a'.repeat(size),
          quote: `"${'x'.repeat(size)}`,
          digits: '1'.repeat(size),
          commas: ','.repeat(size),
          quotes: `5${'"'.repeat(size)}`,
        }[kind];
        const t0 = performance.now();
        const ds = valueOrRefusal(() => parseCsv(`a,y\n0,1\n${cell},1\n`, { source }));
        expect(performance.now() - t0).toBeLessThan(2000);
        expect(ds).toBeUndefined();
      }),
      { numRuns: Math.min(NUM_RUNS, 20) },
    );
  });

  it('reads a row of 100,000 cells and a cell of a million digits (1e999999 is not finite: refused)', () => {
    const n = 100_000;
    const ds = parseCsv(
      `${Array.from({ length: n }, (_, j) => `c${j}`).join(',')}\n${'1,'.repeat(n - 1)}0\n`,
      {
        source,
      },
    );
    expect(ds.inputDim).toBe(n - 1);
    expect(ds.x.every((v) => v === 1)).toBe(true);
    expect(parseCsv(`a,y\n0.${'3'.repeat(1_000_000)},0\n`, { source }).x[0]).toBe(1 / 3);
    expect(() => parseCsv(`a,y\n1e${'9'.repeat(6)},0\n`, { source })).toThrow('expected a finite number');
  });
});

describe('parseDecimal and its in-place fast path', () => {
  const reference = (s: string): number => (DECIMAL.test(s.trim()) ? Number(s.trim()) : Number.NaN);
  const numberish = fc.string({
    unit: fc.constantFrom(...'0159.-+eE xboIn\u00a0'),
    maxLength: 24,
  });
  const written = fc.oneof(
    fc.double().map(String),
    fc.double().map((v) => v.toExponential()),
    fc.double({ min: -1e20, max: 1e20 }).map((v) => v.toFixed(8)),
    fc.double().map((v) => v.toPrecision(15)),
  );

  it('parseDecimal(s) is DECIMAL.test(s) ? Number(s) : NaN, bit for bit', () => {
    fc.assert(
      fc.property(fc.oneof(numberish, written, fc.string({ maxLength: 12 })), (s) => {
        expect(Object.is(parseDecimal(s), reference(s))).toBe(true);
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });
});
