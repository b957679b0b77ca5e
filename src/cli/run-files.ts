// Writing a run directory without half-written files: every file goes to a temporary name in the
// same directory and is renamed into place only after all of them were written.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeFilesAtomically(dir: string, files: Record<string, string | Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  const tag = `.tmp-${process.pid}-${Date.now()}`;
  const written: string[] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const tmp = join(dir, name + tag);
      writeFileSync(tmp, content);
      written.push(tmp);
    }
    for (const name of Object.keys(files)) renameSync(join(dir, name + tag), join(dir, name));
  } catch (err) {
    for (const tmp of written) rmSync(tmp, { force: true });
    throw err;
  }
}
