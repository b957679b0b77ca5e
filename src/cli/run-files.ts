// Writing a run directory without half-written files: every file goes to a temporary name in the
// same directory, is fsynced, and is renamed into place only after all of them were written (then the
// directory is fsynced, so the renames survive a power cut too). Files already in the directory stay
// untouched until then, and stay untouched if anything fails. Temp files that a killed writer left
// (`NAME.tmp-PID-TIME` of a process that is gone) are removed on the next write.
// Errors are UsageErrors naming the flag (`--out`) and the path, so a bad path exits 2 with one line.

import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
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
export function checkOutDir(argument: string, dir: string, names: readonly string[] = []): void {
  missingDirs(argument, dir);
  checkOutFiles(argument, dir, names);
}

/** Each of `names` in `dir` is missing or a file (not a directory in the way). */
function checkOutFiles(argument: string, dir: string, names: readonly string[]): void {
  for (const name of names) {
    const kind = kindOf(join(dir, name));
    if (kind !== 'missing' && kind !== 'a file') {
      throw new UsageError(argument, `a directory where ${name} can be written`, `${dir} (${name}: ${kind})`);
    }
  }
}

const TEMP = /\.tmp-(\d+)-\d+$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return code(err) === 'EPERM'; // it exists, it is someone else's
  }
}

/** Remove the temp files of writers that are gone (a kill between write and rename leaves them). */
export function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m && !alive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

function writeDurably(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // NOTE: some file systems refuse fsync on a directory; the renames are still atomic there
  }
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
  checkOutFiles(argument, dir, Object.keys(files));
  removeStaleTemps(dir);
  const tag = `.tmp-${process.pid}-${Date.now()}`;
  const written: string[] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const tmp = join(dir, name + tag);
      written.push(tmp);
      writeDurably(tmp, content);
    }
    for (const name of Object.keys(files)) renameSync(join(dir, name + tag), join(dir, name));
    syncDir(dir);
  } catch (err) {
    for (const tmp of written) rmSync(tmp, { force: true });
    throw new UsageError(argument, `a writable directory`, `${dir} (${code(err)})`);
  }
}
