// Run the built CLI (dist/) as a user would: a child process with its exit code, stdout and stderr.

import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function gradscope(args: readonly string[], opts: { cwd?: string; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    timeout: opts.timeout ?? 60_000,
    env: { ...process.env, GRADSCOPE_DEBUG: '' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** gradscope() without blocking the test process, so independent CLI cases can run at once. */
export function gradscopeAsync(
  args: readonly string[],
  opts: { cwd?: string; timeout?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        encoding: 'utf8',
        cwd: opts.cwd,
        timeout: opts.timeout ?? 60_000,
        env: { ...process.env, GRADSCOPE_DEBUG: '' },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(prefix = 'gradscope-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
