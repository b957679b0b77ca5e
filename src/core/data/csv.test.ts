import { describe, expect, it } from 'vitest';
import { usageError } from '../../../test/helpers/errors.js';
import { UsageError } from '../errors.js';
import { createRng } from '../rng.js';
import { parseCsv, toCsv } from './csv.js';
import { generateData } from './generators.js';

const source = 'data/points.csv';

describe('parseCsv', () => {
  it('reads features and the last column as target, with names, shapes and task', () => {
    const ds = parseCsv('a,b,label\n1,2,0\n3.5,-4e-1,1\n', { source });
    expect(ds).toMatchObject({
      name: 'points',
      n: 2,
      inputDim: 2,
      targetDim: 1,
      task: 'binary',
      numClasses: 2,
      featureNames: ['a', 'b'],
      targetName: 'label',
    });
    expect(ds.x).toEqual(new Float64Array([1, 2, 3.5, -0.4]));
    expect(ds.y).toEqual(new Float64Array([0, 1]));
  });

  it('picks the target column by name, wherever it is', () => {
    const ds = parseCsv('y,x1,x2\n0.5,1,2\n0.25,3,4\n', { source, target: 'y' });
    expect(ds.featureNames).toEqual(['x1', 'x2']);
    expect(ds.x).toEqual(new Float64Array([1, 2, 3, 4]));
    expect(ds.y).toEqual(new Float64Array([0.5, 0.25]));
  });

  it('handles CRLF, a byte-order mark, quoted header names, spaces and blank trailing lines', () => {
    const ds = parseCsv('\uFEFF"x, first" , "say ""hi""",y\r\n 1 , 2,3\r\n4,5,6\r\n\r\n  \n', { source });
    expect(ds.featureNames).toEqual(['x, first', 'say "hi"']);
    expect(ds.n).toBe(2);
    expect(ds.x).toEqual(new Float64Array([1, 2, 4, 5]));
    expect(ds.y).toEqual(new Float64Array([3, 6]));
  });

  it('infers binary, multiclass and regression tasks from the target values', () => {
    expect(parseCsv('x,y\n1,0\n2,0\n', { source })).toMatchObject({ task: 'binary', numClasses: 2 });
    expect(parseCsv('x,y\n1,0\n2,4\n', { source })).toMatchObject({ task: 'multiclass', numClasses: 5 });
    expect(parseCsv('x,y\n1,0\n2,99\n', { source })).toMatchObject({ task: 'multiclass', numClasses: 100 });
    for (const values of ['0\n2,100', '0\n2,1.5', '0\n2,-1']) {
      const ds = parseCsv(`x,y\n1,${values}\n`, { source });
      expect(ds.task).toBe('regression');
      expect(ds.numClasses).toBeUndefined();
    }
  });

  it('rejects a non-numeric cell, naming the row, column, expectation and cell', () => {
    const e = usageError(() => parseCsv('x1,x2,y\n1,2,0\n3,abc,1\n', { source }));
    expect(e.argument).toBe('data/points.csv row 3 column "x2"');
    expect(e.expected).toBe('a finite number');
    expect(e.actual).toBe('"abc"');
    for (const cell of ['', 'NaN', 'Infinity', '1e999', '0x10', '1,5']) {
      expect(() => parseCsv(`x,y\n"${cell}",1\n`, { source })).toThrow(UsageError);
    }
  });

  it('rejects a ragged row, naming the row and the cell count', () => {
    expect(() => parseCsv('x1,x2,y\n1,2,0\n3,1\n', { source })).toThrow(
      'data/points.csv row 3: expected 3 cells like the header, got 2',
    );
    expect(() => parseCsv('x1,x2,y\n1,2,0\n\n3,4,1\n', { source })).toThrow('data/points.csv row 3');
  });

  it('rejects a missing target column, listing the columns', () => {
    expect(() => parseCsv('a,b,c\n1,2,3\n', { source, target: 'label' })).toThrow(
      '--target: expected one of the columns a, b, c, got "label"',
    );
  });

  it('rejects an empty file, a header without rows, fewer than 2 columns and bad names', () => {
    expect(() => parseCsv('', { source })).toThrow(
      'data/points.csv: expected a header row of column names, got ""',
    );
    expect(() => parseCsv('\r\n\n', { source })).toThrow(UsageError);
    expect(() => parseCsv('x,y\n', { source })).toThrow(
      'data/points.csv: expected at least one data row after the header, got 0',
    );
    expect(() => parseCsv('y\n1\n', { source })).toThrow(
      'data/points.csv header: expected at least 2 columns (features and a target), got 1',
    );
    expect(() => parseCsv(',x,y\n0,1,2\n', { source })).toThrow('data/points.csv header column 1');
    expect(() => parseCsv('x,x,y\n0,1,2\n', { source })).toThrow(
      'data/points.csv header column 2: expected a name not used before, got "x"',
    );
  });
});

describe('parseCsv on cells of plain digits', () => {
  it('reads each cell to the double Number gives it, bit for bit (signs, zeros, 15 digits, a bare dot)', () => {
    const rng = createRng(4);
    const fixed = ['-0', '0.0', '-0.000', '007', '5.', '.5', '-.25', '999999999999999', '0.000000000000001'];
    const digits = (n: number): string => Array.from({ length: n }, () => String(rng.int(10))).join('');
    const cells = [...fixed];
    while (cells.length < 3000) {
      const int = digits(rng.int(9));
      const frac = digits(rng.int(16 - Math.max(1, int.length)));
      const cell = `${rng.int(2) ? '-' : ''}${int}${frac || !int ? `.${frac || '5'}` : ''}`;
      cells.push(cell);
    }
    const rows: string[] = [];
    for (let i = 0; i < cells.length; i += 3) rows.push(cells.slice(i, i + 3).join(','));
    const ds = parseCsv(`a,b,c\n${rows.join('\n')}\n`, { source });
    const got: number[] = [];
    for (let r = 0; r < ds.n; r++) got.push(ds.x[2 * r]!, ds.x[2 * r + 1]!, ds.y[r]!);
    cells.forEach((cell, i) => {
      expect(Object.is(got[i], Number(cell)), `${cell} read as ${got[i]}`).toBe(true);
    });
  });
});

describe('toCsv', () => {
  it('round-trips a generated dataset through parseCsv exactly', () => {
    for (const name of ['spiral', 'sine']) {
      const ds = generateData(name, { samples: 200, noise: 0.5, rng: createRng(1) });
      const back = parseCsv(toCsv(ds), { source: `${name}.csv` });
      expect(back).toEqual(ds);
    }
  });

  it('writes a header, one line per sample, and quotes names that need it', () => {
    const text = toCsv({
      name: 't',
      x: new Float64Array([1, 0.1]),
      y: new Float64Array([2]),
      n: 1,
      inputDim: 2,
      targetDim: 1,
      task: 'regression',
      featureNames: ['a,b', 'say "hi"'],
    });
    expect(text).toBe('"a,b","say ""hi""",y\n1,0.1,2\n');
    expect(parseCsv(text, { source }).featureNames).toEqual(['a,b', 'say "hi"']);
  });
});
