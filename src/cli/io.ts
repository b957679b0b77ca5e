// File reading for the CLI, with errors that name the file and what was expected.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';

function read<T>(argument: string, path: string, what: string, get: () => T): T {
  try {
    return get();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(argument, `a readable ${what}`, `${path} (${code})`);
  }
}

export const readText = (argument: string, path: string, what: string): string =>
  read(argument, path, what, () => readFileSync(path, 'utf8'));

export const readBytes = (argument: string, path: string, what: string): Uint8Array =>
  read(argument, path, what, () => new Uint8Array(readFileSync(path)));

/** A saved run's metrics.jsonl; an empty one (a run killed before its first log) is refused, not diagnosed. */
export function readMetrics(argument: string, path: string): string {
  const text = readText(argument, path, 'metrics.jsonl');
  if (text.trim() === '')
    throw new UsageError(argument, `at least one logged step in ${path}`, 'an empty file');
  return text;
}

/**
 * Read and interpret a saved run in `dir`. The core names its files bare ('summary.json line 3'); the
 * error names the path instead. A file that parses but does not hold what train --out writes (a null
 * history entry, a string where an array belongs) would only surface as a TypeError deep in the
 * diagnosis or the report: that is a bad file, so it exits 2 naming the file, not 1 as an internal error.
 * NOTE: the deep check belongs in parseRunDocument (src/core/diagnostics/run-document.ts); until it
 * checks every field the report reads, this is the backstop.
 */
export function fromRunDir<T>(dir: string, file: string, use: () => T): T {
  try {
    return use();
  } catch (err) {
    if (err instanceof UsageError && /^(summary\.json|config\.json|metrics\.jsonl)/.test(err.argument)) {
      const shown = err.actual;
      throw new UsageError(join(dir, err.argument), err.expected, { toString: () => shown });
    }
    if (err instanceof TypeError || err instanceof RangeError) {
      throw new UsageError(join(dir, file), 'a run document as train --out writes it', err.message);
    }
    throw err;
  }
}
