// A binary file named .csv (a gzip, an image, random bytes, NULs, bytes that are not UTF-8) is refused
// through the CLI as binary data, with one line naming --data, exit 2; a UTF-8 CSV with non-ASCII names
// trains.

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gradscope, tempDir } from './helpers/cli.js';

const dir = tempDir();
const csv = 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The one line `train --data path` refuses the file with, after checking exit 2 and nothing else. */
function refusal(path: string): string {
  const r = gradscope(['train', '--steps', '1', '--batch-size', '1', '--data', path]);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('train --data on a binary file named .csv', () => {
  it('names a NUL byte and its offset', () => {
    const path = file(
      'nul.csv',
      Buffer.concat([Buffer.from('x1,x2,y\n0,0,0\n0,'), Buffer.from([0, 0]), Buffer.from(',1\n')]),
    );
    expect(refusal(path)).toBe(
      'gradscope: --data: expected a text CSV file, got "binary data (byte 0x00 at offset 16)"',
    );
  });

  it('names gzip-compressed data', () => {
    expect(refusal(file('data.csv', gzipSync(csv)))).toBe(
      'gradscope: --data: expected a text CSV file, got "gzip-compressed data (gunzip it first)"',
    );
  });

  it('names bytes that are not UTF-8 (Latin-1 text, random bytes)', () => {
    const latin1 = Buffer.from('größe,y\n1,0\n2,1\n', 'latin1');
    expect(refusal(file('latin1.csv', latin1))).toBe(
      'gradscope: --data: expected a text CSV file, got "binary data (byte 0xf6 at offset 2: not UTF-8)"',
    );
    const noise = randomBytes(4096);
    noise[0] = 0xff; // so that it is not by chance a gzip or zip signature
    expect(refusal(file('noise.csv', noise))).toMatch(
      /^gradscope: --data: expected a text CSV file, got "binary data \(byte 0x[0-9a-f]{2} at offset \d+(: not UTF-8)?\)"$/,
    );
  });

  it('trains on a UTF-8 CSV with non-ASCII column names, as on its ASCII twin', () => {
    const names = file('names.csv', csv.replace('x1,x2,y', '"größe, cm",高さ,ラベル'));
    const ascii = file('ascii.csv', csv);
    const run = (path: string) =>
      gradscope(['train', '--steps', '3', '--batch-size', '2', '--json', '--data', path]);
    const r = run(names);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).final).toEqual(JSON.parse(run(ascii).stdout).final);
  });
});
