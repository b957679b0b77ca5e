// The sweep the sweep tests share: a 60-trial grid of tiny nets (5 learning rates × 4 λ × 3 seeds), and
// reading a sweep store's rows as they are (every column that carries a result).

import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI } from './cli.js';

export const GRID_60 = `name: grid60
method: grid
metric: { name: final.val.loss, goal: minimize }
base: { data: circle, samples: 64, hidden: [6, 6], activation: tanh, optimizer: adam, steps: 120, batchSize: 16 }
parameters:
  lr: { values: [0.001, 0.003, 0.01, 0.03, 0.1] }
  l2: { values: [0, 0.0001, 0.001, 0.01] }
  seed: { values: [1, 2, 3] }
`;

export function writeSweep(dir: string, text = GRID_60, name = 'sweep.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface Row {
  readonly id: number;
  readonly params: string;
  readonly status: string;
  readonly seed: number;
  readonly attempts: number;
  readonly finished: string | null;
  readonly metric: number | null;
  readonly steps: number | null;
  readonly train_loss: number | null;
  readonly val_loss: number | null;
  readonly val_accuracy: number | null;
  readonly final: string | null;
  readonly error: string | null;
  readonly document: string | null;
}

/** The store's rows; none while the store is being created (its file exists before its tables). */
export function rows(dir: string): Row[] {
  if (!existsSync(join(dir, 'sweep.db'))) return [];
  const db = new Database(join(dir, 'sweep.db'), { readonly: true });
  try {
    if (!db.prepare("SELECT name FROM sqlite_master WHERE name = 'trials'").get()) return [];
    return db
      .prepare(
        'SELECT id, params, status, seed, attempts, finished, metric, steps, train_loss, val_loss, val_accuracy, final, error, document FROM trials ORDER BY id',
      )
      .all() as Row[];
  } finally {
    db.close();
  }
}

/** What must be bit-identical between two runs of a sweep: everything but when, where and how often. */
export function results(rs: readonly Row[]) {
  return rs.map(({ attempts: _a, finished: _f, ...r }) => r);
}

export interface Running {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(args: readonly string[], cwd?: string): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, GRADSCOPE_DEBUG: '' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid!, stdout: () => out, stderr: () => err, kill: (s) => child.kill(s), done };
}

export async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
