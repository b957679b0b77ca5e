// File reading for the Node front ends (the CLI, sweeps and their agents), with errors that name the
// file and what was expected. Every file is stat'ed before it is opened: a FIFO, a device or a directory
// is refused by its kind (opening a FIFO blocks until a writer comes; /dev/zero never ends), and a file
// past its kind's limit (FILE_LIMITS) is refused before a byte is read. The read itself stops at the
// limit, in case the file grows after the stat.

import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_LIMITS, type PartialRunDocument, readSavedRun, UsageError } from '../index.js';

/** What the front ends read, each with its size limit. */
const KINDS = {
  'CSV file': FILE_LIMITS.csv,
  'safetensors file': FILE_LIMITS.safetensors,
  'summary.json': FILE_LIMITS.runDocument,
  'metrics.jsonl': FILE_LIMITS.runDocument,
  'config.json': FILE_LIMITS.runConfig,
  // a sweep file (YAML or JSON): a base config and the swept values, a few kB
  'sweep file': FILE_LIMITS.runConfig,
  // a TF.js layers model: its topology is a few kB per layer, its weights are bounded like safetensors'
  'TF.js model.json': FILE_LIMITS.tfjsModel,
  'TF.js weights file': FILE_LIMITS.safetensors,
  'model.safetensors (train --out writes it)': FILE_LIMITS.safetensors,
  // train --checkpoint-every k (and Ctrl-C) writes one: weights, optimizer moments, streams, a history digest
  'checkpoint (train --out DIR --checkpoint-every k writes it)': FILE_LIMITS.checkpoint,
} as const;

export type FileKind = keyof typeof KINDS;

function kindOf(s: Stats): string {
  if (s.isFile()) return 'a regular file';
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'neither a file nor a directory';
}

const errorCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? 'unreadable';

/** stat `path` and refuse anything but a regular file within the limit of `what`. */
function checkFile(argument: string, path: string, what: FileKind, stats: () => Stats): void {
  let s: Stats;
  try {
    s = stats();
  } catch (err) {
    throw new UsageError(argument, `a readable ${what}`, `${path} (${errorCode(err)})`);
  }
  if (!s.isFile()) throw new UsageError(argument, 'a regular file', `${path} (${kindOf(s)})`);
  const { bytes, why } = KINDS[what];
  if (s.size > bytes) {
    throw new UsageError(
      argument,
      `a ${what} of at most ${bytes} bytes (${why})`,
      `${path} (${s.size} bytes)`,
    );
  }
}

/** Open `path` for reading, checked by stat before and fstat after the open; the caller closes it. */
function openChecked(argument: string, path: string, what: FileKind): number {
  checkFile(argument, path, what, () => statSync(path));
  let fd: number;
  try {
    // NOTE: O_NONBLOCK so that a FIFO put in the file's place after the stat cannot block the open.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UsageError(argument, `a readable ${what}`, `${path} (${errorCode(err)})`);
  }
  try {
    checkFile(argument, path, what, () => fstatSync(fd));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/** f(), a failed read named like a failed open. */
function named<T>(argument: string, path: string, what: FileKind, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(argument, `a readable ${what}`, `${path} (${errorCode(err)})`);
  }
}

/** Run `read` on the open file, its errors named; the file is closed after. */
function withFile<T>(argument: string, path: string, what: FileKind, read: (fd: number) => T): T {
  const fd = openChecked(argument, path, what);
  try {
    return named(argument, path, what, () => read(fd));
  } finally {
    closeSync(fd);
  }
}

const grew = (argument: string, path: string, what: FileKind): UsageError =>
  new UsageError(argument, `a ${what} of at most ${KINDS[what].bytes} bytes`, `${path} (it grew while read)`);

function readBounded(argument: string, path: string, what: FileKind): Buffer {
  const limit = KINDS[what].bytes;
  return withFile(argument, path, what, (fd) => {
    let buf = Buffer.allocUnsafe(Math.min(fstatSync(fd).size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > limit) break;
        const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(grown, 0, 0, length);
        buf = grown;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) throw grew(argument, path, what);
    return buf.subarray(0, length);
  });
}

/** The chunk a pass reads at a time: a few hundred lines of a wide CSV, and it stays in the cache. */
const CHUNK = 256 * 1024;

/**
 * A file as passes over its bytes (parseCsv's CsvPasses): each pass opens and checks the file as
 * readText does, and reads it a chunk at a time into one buffer, so a large file costs that buffer and
 * not its size. The file is checked once here, so a missing one is named before anything else is done.
 */
export function readChunks(argument: string, path: string, what: FileKind): () => Iterable<Uint8Array> {
  checkFile(argument, path, what, () => statSync(path));
  const limit = KINDS[what].bytes;
  const buf = Buffer.allocUnsafe(CHUNK);
  const fill = (fd: number): number => {
    let n = 0;
    for (let r = 1; n < CHUNK && r > 0; n += r) r = readSync(fd, buf, n, CHUNK - n, null);
    return n;
  };
  return function* () {
    const fd = openChecked(argument, path, what);
    try {
      for (let total = 0; ; ) {
        const n = named(argument, path, what, () => fill(fd));
        total += n;
        if (total > limit) throw grew(argument, path, what);
        if (n > 0) yield buf.subarray(0, n);
        if (n < CHUNK) return;
      }
    } finally {
      closeSync(fd);
    }
  };
}

export function readText(argument: string, path: string, what: FileKind): string {
  const buf = readBounded(argument, path, what);
  // NOTE: ASCII reads the same as latin1 and UTF-8; latin1 decodes ~20× faster (a CSV is mostly ASCII).
  return isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8');
}

export const readBytes = (argument: string, path: string, what: FileKind): Uint8Array =>
  new Uint8Array(readBounded(argument, path, what));

/** Whether `path` is there at all (a FIFO or a device is, and is then refused by the reader). */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The run saved in `dir` by `train --out`, for `diagnose` and `report` alike: summary.json when it is
 * there, else config.json + metrics.jsonl (a partial document). The schema checks every field, and a
 * bad one is named by its path in `dir`: `DIR/summary.json: history[3].loss: expected …`.
 */
export function readRunDir(argument: string, dir: string): PartialRunDocument {
  const path = (name: string): string => join(dir, name);
  let s: Stats | undefined;
  try {
    s = statSync(dir);
  } catch {
    // a missing directory is named below, as a directory without a run in it
  }
  if (s !== undefined && !s.isDirectory())
    throw new UsageError(argument, 'a directory written by train --out', `${dir} (${kindOf(s)})`);
  if (exists(path('summary.json')))
    return readSavedRun({ summary: readText(argument, path('summary.json'), 'summary.json') }, path);
  if (!exists(path('metrics.jsonl')))
    throw new UsageError(argument, 'a directory written by train --out (summary.json or metrics.jsonl)', dir);
  return readSavedRun(
    {
      config: readText(argument, path('config.json'), 'config.json'),
      metrics: readText(argument, path('metrics.jsonl'), 'metrics.jsonl'),
    },
    path,
  );
}
