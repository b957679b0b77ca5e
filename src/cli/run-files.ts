// Writing a run directory without half-written files: every file goes to a temporary name in the
// same directory and is renamed into place only after all of them were written. Files already in the
// directory stay untouched until then, and stay untouched if anything fails.
// Errors are UsageErrors naming the flag (`--out`) and the path, so a bad path exits 2 with one line.

import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../index.js';

const EXPECTED = 'a directory that exists or can be created';

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/** 'dir', 'missing', or what the path is instead (a file, or the error code of stat). */
function kindOf(path: string): string {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st === undefined ? 'missing' : st.isDirectory() ? 'a directory' : 'a file';
  } catch (err) {
    return code(err);
  }
}

/** The missing directories from the nearest existing ancestor down to `dir`, outermost first. */
function missingDirs(argument: string, dir: string): string[] {
  if (dir === '') throw new UsageError(argument, EXPECTED, dir);
  const missing: string[] = [];
  for (let p = resolve(dir); ; p = dirname(p)) {
    const kind = kindOf(p);
    if (kind === 'a directory') {
      try {
        accessSync(p, constants.W_OK | constants.X_OK);
      } catch (err) {
        throw new UsageError(argument, EXPECTED, `${dir} (${p}: ${code(err)})`);
      }
      return missing.reverse();
    }
    if (kind !== 'missing' || dirname(p) === p) {
      throw new UsageError(
        argument,
        EXPECTED,
        p === resolve(dir) ? `${dir} (${kind})` : `${dir} (${p}: ${kind})`,
      );
    }
    missing.push(p);
  }
}

/**
 * Check, before any work, that `dir` is (or can become) a writable directory; creates nothing, so a
 * run that fails later leaves no trace.
 */
export function checkOutDir(argument: string, dir: string): void {
  missingDirs(argument, dir);
}

export function writeFilesAtomically(
  argument: string,
  dir: string,
  files: Record<string, string | Uint8Array>,
): void {
  // NOTE: mkdirSync(…, { recursive: true }) never returns for some paths (e.g. /proc/x on Node 20),
  // so the missing directories are made one at a time.
  for (const d of missingDirs(argument, dir)) {
    try {
      mkdirSync(d);
    } catch (err) {
      throw new UsageError(argument, EXPECTED, `${dir} (${d}: ${code(err)})`);
    }
  }
  for (const name of Object.keys(files)) {
    const kind = kindOf(join(dir, name));
    if (kind !== 'missing' && kind !== 'a file') {
      throw new UsageError(argument, `a directory where ${name} can be written`, `${dir} (${name}: ${kind})`);
    }
  }
  const tag = `.tmp-${process.pid}-${Date.now()}`;
  const written: string[] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const tmp = join(dir, name + tag);
      written.push(tmp);
      writeFileSync(tmp, content);
    }
    for (const name of Object.keys(files)) renameSync(join(dir, name + tag), join(dir, name));
  } catch (err) {
    for (const tmp of written) rmSync(tmp, { force: true });
    throw new UsageError(argument, `a writable directory`, `${dir} (${code(err)})`);
  }
}
