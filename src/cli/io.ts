// File reading for the CLI, with errors that name the file and what was expected.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PartialRunDocument, readSavedRun, UsageError } from '../index.js';

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

/**
 * The run saved in `dir` by `train --out`, for `diagnose` and `report` alike: summary.json when it is
 * there, else config.json + metrics.jsonl (a partial document). The schema checks every field, and a
 * bad one is named by its path in `dir`: `DIR/summary.json: history[3].loss: expected …`.
 */
export function readRunDir(argument: string, dir: string): PartialRunDocument {
  const path = (name: string): string => join(dir, name);
  if (existsSync(path('summary.json')))
    return readSavedRun({ summary: readText(argument, path('summary.json'), 'summary.json') }, path);
  if (!existsSync(path('metrics.jsonl')))
    throw new UsageError(argument, 'a directory written by train --out (summary.json or metrics.jsonl)', dir);
  return readSavedRun(
    {
      config: readText(argument, path('config.json'), 'config.json'),
      metrics: readText(argument, path('metrics.jsonl'), 'metrics.jsonl'),
    },
    path,
  );
}
