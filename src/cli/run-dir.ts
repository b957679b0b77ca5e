// A run directory written as the run goes, so that what was written survives a kill at any moment:
// config.json first, metrics.jsonl appended in batches (a killed run leaves at most a torn last line,
// which readers ignore), checkpoint.safetensors, model.safetensors and summary.json each replaced
// atomically (run-files.ts writeFilesAtomically: temp file in DIR, fsync, rename). Temp files a killed writer left
// behind are removed on the next write to the directory.

import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../index.js';

/** metrics.jsonl is written at least every this many lines … */
const FLUSH_LINES = 64;
/** … or this many milliseconds, whichever comes first */
const FLUSH_MS = 1000;

export interface MetricsWriter {
  append(line: string): void;
  /** write the buffered lines (and fsync: a checkpoint must never be ahead of the metrics) */
  flush(sync?: boolean): void;
  close(): void;
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/** Append to DIR/metrics.jsonl (created empty for a new run; kept up to `keepBytes` on resume). */
export function openMetrics(argument: string, dir: string, keepBytes: number | null): MetricsWriter {
  const path = join(dir, 'metrics.jsonl');
  let fd: number;
  try {
    fd = openSync(path, keepBytes === null ? 'w' : 'r+');
    if (keepBytes !== null) ftruncateSync(fd, keepBytes);
  } catch (err) {
    throw new UsageError(argument, 'a writable directory', `${dir} (metrics.jsonl: ${code(err)})`);
  }
  let position = keepBytes ?? 0;
  let pending: string[] = [];
  let last = 0; // the first line is written at once: a run shows its first step early
  const flush = (sync = false): void => {
    if (pending.length > 0) {
      const bytes = Buffer.from(`${pending.join('\n')}\n`);
      pending = [];
      position += writeSync(fd, bytes, 0, bytes.length, position);
    }
    if (sync) fsyncSync(fd);
    last = Date.now();
  };
  return {
    append(line) {
      pending.push(line);
      if (pending.length >= FLUSH_LINES || Date.now() - last >= FLUSH_MS) flush();
    },
    flush,
    close() {
      flush(true);
      closeSync(fd);
    },
  };
}

export interface MetricsPrefix {
  /** the byte length up to and including the last whole line logged at or before the step */
  readonly bytes: number;
  /** the text of each wanted step's line within that prefix */
  readonly lines: ReadonlyMap<number, string>;
}

/**
 * metrics.jsonl up to the last whole line logged at or before `step` (a resumed run appends from there;
 * the lines after the checkpoint and a torn last line go), and the lines of the `wanted` steps (the
 * checkpoint's kept history). Read in chunks: the file may be gigabytes.
 */
export function scanMetrics(
  argument: string,
  dir: string,
  step: number,
  wanted: ReadonlySet<number> = new Set(),
): MetricsPrefix {
  const path = join(dir, 'metrics.jsonl');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new UsageError(argument, 'a run directory with metrics.jsonl', `${dir} (${code(err)})`);
  }
  const lines = new Map<number, string>();
  const lineAt = (start: number, end: number): string => {
    const bytes = Buffer.alloc(end - start);
    for (let at = 0; at < bytes.length; ) at += readSync(fd, bytes, at, bytes.length - at, start + at);
    return bytes.toString('utf8');
  };
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.alloc(1 << 20);
    let keep = 0;
    let head = ''; // the first bytes of the current line: enough for {"step":N
    for (let at = 0; at < size; ) {
      const n = readSync(fd, chunk, 0, chunk.length, at);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const c = chunk[i]!;
        if (c === 10) {
          const m = /^\{"step":(\d+)[,}]/.exec(head);
          if (!m || Number(m[1]) > step) return { bytes: keep, lines };
          const logged = Number(m[1]);
          if (wanted.has(logged)) lines.set(logged, lineAt(keep, at + i));
          keep = at + i + 1;
          head = '';
        } else if (head.length < 32) head += String.fromCharCode(c);
      }
      at += n;
    }
    return { bytes: keep, lines };
  } finally {
    closeSync(fd);
  }
}

/** Remove files of a finished run that a new one must not leave behind (a stale summary would win). */
export function clearRunOutputs(dir: string, names: readonly string[]): void {
  for (const name of names) rmSync(join(dir, name), { force: true });
}
