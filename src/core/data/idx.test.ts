// The IDX reader on files written here byte by byte, and the image-part checks on top of it.

import { describe, expect, it } from 'vitest';
import { parseIdx, writeIdx } from './idx.js';
import { checkPart, imagePart } from './loaded.js';

/** An IDX file by hand: magic 0x00000803, dims 2×2×3 big-endian, then 12 bytes. */
const HAND = new Uint8Array([
  0,
  0,
  8,
  3,
  0,
  0,
  0,
  2,
  0,
  0,
  0,
  2,
  0,
  0,
  0,
  3,
  ...Array.from({ length: 12 }, (_, i) => i * 20),
]);

describe('parseIdx reads IDX files of unsigned bytes', () => {
  it('reads the magic number, the big-endian dims and the elements of a file written by hand', () => {
    const t = parseIdx(HAND, 3, 'hand.idx');
    expect(t.dims).toEqual([2, 2, 3]);
    expect(Array.from(t.data)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220]);
  });

  it('writeIdx writes the same bytes, and a dim past 255 takes more than its low byte', () => {
    expect(writeIdx([2, 2, 3], HAND.subarray(16))).toEqual(HAND);
    const labels = parseIdx(writeIdx([300], new Uint8Array(300).fill(7)), 1, 'labels.idx');
    expect(labels.dims).toEqual([300]);
    expect(labels.data.every((v) => v === 7)).toBe(true);
  });

  it('a wrong magic number (a labels file read as images, a float file, a text file) is one line naming the file', () => {
    expect(() => parseIdx(writeIdx([4], [1, 2, 3, 4]), 3, 'labels.idx')).toThrow(
      'labels.idx: expected an IDX file of unsigned bytes with 3 dimensions (magic 0x00000803), got "magic 0x00000801"',
    );
    const floats = Uint8Array.from(HAND);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 3, 'f.idx')).toThrow('got "magic 0x00000d03"');
    expect(() => parseIdx(new TextEncoder().encode('label,pixel\n'), 1, 'x.csv')).toThrow(
      'x.csv: expected an IDX file',
    );
  });

  it('a truncated header, a truncated body and trailing bytes are refused with the sizes', () => {
    expect(() => parseIdx(HAND.subarray(0, 2), 3, 'a')).toThrow('got "2 bytes"');
    expect(() => parseIdx(HAND.subarray(0, 10), 3, 'a')).toThrow('a header of 16 bytes, got "10 bytes"');
    expect(() => parseIdx(HAND.subarray(0, 27), 3, 'a')).toThrow(
      'a: expected 28 bytes (a 16-byte header and 2×2×3 elements), got "27 bytes (truncated)"',
    );
    expect(() => parseIdx(new Uint8Array([...HAND, 0]), 3, 'a')).toThrow('got "29 bytes (trailing bytes)"');
  });
});

describe('imagePart and checkPart check shapes and per-class counts', () => {
  const images = (n: number, side = 28) =>
    parseIdx(writeIdx([n, side, side], new Uint8Array(n * side * side)), 3, 'i');
  const labels = (values: number[]) => parseIdx(writeIdx([values.length], values), 1, 'l');

  it('images must be [N, 28, 28] with one label each', () => {
    expect(imagePart(images(3), labels([0, 1, 2]), 'f').dim).toBe(784);
    expect(() => imagePart(images(3, 27), labels([0, 1, 2]), 'f')).toThrow(
      'f: images: expected shape [N, 28, 28], got "[3, 27, 27]"',
    );
    expect(() => imagePart(images(3), labels([0, 1]), 'f')).toThrow(
      'f: labels: expected shape [3] (one a image), got "[2]"',
    );
  });

  it('a label past the classes, or a class count off the published one, is refused', () => {
    const part = (values: number[]) => ({
      n: values.length,
      dim: 4,
      x: new Float64Array(values.length * 4),
      labels: Uint8Array.from(values),
    });
    expect(() => checkPart('iris', part([0, 3]), 'train', 'iris.json')).toThrow(
      'iris.json: label 1: expected a class 0..2, got 3',
    );
    expect(() => checkPart('iris', part([0, 1, 2]), 'train', 'iris.json')).toThrow(
      'iris.json: classes: expected 50 rows of each of the 3 classes',
    );
    expect(() => checkPart('mnist', part([0, 0, 9]), 'train', 'm')).not.toThrow();
  });
});
