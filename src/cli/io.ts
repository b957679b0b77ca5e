// File reading for the CLI, with errors that name the file and what was expected.

import { readFileSync } from 'node:fs';
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
