// The sweep store: one SQLite database per sweep (DIR/sweep.db), in WAL mode, so a writer killed at any
// point leaves every committed trial readable and nothing half-written. One row a trial, created
// pending with the sweep; a trial is recorded in one transaction, and only once (a row already done or
// failed is never written again, whoever delivers the result a second time). The sweep file (as given)
// is stored in `meta`, so a store reopens without it and `--resume` rebuilds the very same trials.

import { mkdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  expandTrials,
  parseRunDocument,
  parseSweepDefinition,
  type RunDocument,
  type SweepDefinition,
  sweepId,
  type TrialOutcome,
  type TrialSpec,
  UsageError,
} from '../../index.js';

export const STORE_FILE = 'sweep.db';
/** the store's own format (meta.format) */
export const STORE_FORMAT = 1;

type Final = NonNullable<TrialOutcome['final']>;

export type TrialState = 'pending' | 'running' | 'done' | 'failed';

/** A trial as the store holds it (its run document aside: document(index) reads it). */
export interface TrialRecord {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: TrialState;
  readonly seed: number;
  /** ISO times */
  readonly started: string | null;
  readonly finished: string | null;
  /** hostname:pid of the process that ran it */
  readonly host: string | null;
  /** how many times it was started (1 unless resumed or retried after a crash; a run that finished is
   * counted even when its thread had no time to report its start; a start cut off by a crash before it
   * was reported is not) */
  readonly attempts: number;
  readonly metric: number | null;
  readonly final: Final | null;
  readonly steps: number | null;
  readonly error: string | null;
}

export interface Counts {
  readonly total: number;
  readonly pending: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  params TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  seed INTEGER NOT NULL,
  started TEXT,
  finished TEXT,
  host TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  metric REAL,
  steps INTEGER,
  train_loss REAL,
  train_accuracy REAL,
  train_objective REAL,
  val_loss REAL,
  val_accuracy REAL,
  final TEXT,
  error TEXT,
  document TEXT
);
CREATE INDEX IF NOT EXISTS trials_status ON trials (status);`;

/** This process as the store names it. */
export const thisHost = (): string => `${hostname()}:${process.pid}`;

export interface SweepStore {
  readonly dir: string;
  readonly id: string;
  /** the sweep file as given */
  readonly file: unknown;
  readonly definition: SweepDefinition;
  /** every trial of the sweep, resolved (expanded once: at creation, or on the first call) */
  specs(): readonly TrialSpec[];
  trials(): TrialRecord[];
  trial(index: number): TrialRecord | null;
  /** indices not done or failed, in order */
  unfinished(): number[];
  counts(): Counts;
  /** the k best finished trials by the metric */
  best(k: number): TrialRecord[];
  markRunning(index: number, host: string, started?: Date): void;
  /** record a result; false (and nothing written) when the trial was already recorded */
  record(index: number, outcome: StoredOutcome, host: string, finished?: Date): boolean;
  /** the run document of a trial (null when it has none) */
  document(index: number): RunDocument | null;
  /** run `fn` in one transaction (many records: one commit) */
  batch<T>(fn: () => T): T;
  close(): void;
}

/** A trial's outcome as it travels: the document already as JSON (a worker or an agent made it), as
 * text or as its UTF-8 bytes (a worker thread transfers them). */
export type StoredOutcome = Omit<TrialOutcome, 'document'> & {
  readonly document: string | Uint8Array | null;
  readonly started?: string;
  /** when it ended (ISO; default: when it is recorded) */
  readonly finished?: string;
};

/** The outcome with the document as text (as it crosses a process boundary: BullMQ, IPC). */
export type JsonOutcome = StoredOutcome & { readonly document: string | null };

const num = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

function dbError(argument: string, path: string, err: unknown): UsageError {
  const e = err as { code?: string; message?: string };
  return new UsageError(
    argument,
    'a sweep store (sweep.db) that SQLite can open',
    `${path} (${e.code ?? e.message})`,
  );
}

function open(argument: string, path: string): Database.Database {
  try {
    const db = new Database(path, { fileMustExist: false });
    db.pragma('journal_mode = WAL');
    // NOTE: NORMAL in WAL mode loses no committed transaction when the process dies (only at a power cut)
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    db.exec(SCHEMA);
    return db;
  } catch (err) {
    throw dbError(argument, path, err);
  }
}

/** A new store in `dir` for the sweep `file` (refused when `dir` already holds one). */
export function createStore(argument: string, dir: string, file: unknown, source: string): SweepStore {
  const definition = parseSweepDefinition(file, source);
  const specs = expandTrials(definition, source);
  const path = join(dir, STORE_FILE);
  if (statSync(path, { throwIfNoEntry: false }))
    throw new UsageError(
      argument,
      `a directory without a sweep (gradscope sweep run --resume ${dir} continues it)`,
      dir,
    );
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(
      argument,
      'a directory that exists or can be created',
      `${dir} (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  const db = open(argument, path);
  const id = sweepId(definition);
  db.transaction(() => {
    const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    meta.run('format', String(STORE_FORMAT));
    meta.run('id', id);
    meta.run('file', JSON.stringify(file));
    meta.run('created', new Date().toISOString());
    const insert = db.prepare("INSERT INTO trials (id, params, status, seed) VALUES (?, ?, 'pending', ?)");
    for (const t of specs) insert.run(t.index, JSON.stringify(t.params), t.seed);
  })();
  return storeOf(db, dir, id, file, definition, specs);
}

/** The store in `dir`. */
export function openStore(argument: string, dir: string): SweepStore {
  const path = join(dir, STORE_FILE);
  if (!statSync(path, { throwIfNoEntry: false }))
    throw new UsageError(argument, 'a sweep directory (with sweep.db)', dir);
  const db = open(argument, path);
  const meta = (key: string): string | undefined =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const format = meta('format');
  if (format !== String(STORE_FORMAT))
    throw new UsageError(
      argument,
      `a sweep store of format ${STORE_FORMAT}`,
      `${path} (format ${format ?? 'none'})`,
    );
  const file = storedJson(meta('file') ?? 'null', `${path}: meta.file`);
  const definition = parseSweepDefinition(file, `${path}: meta.file`);
  return storeOf(db, dir, meta('id') ?? sweepId(definition), file, definition);
}

interface Row {
  id: number;
  params: string;
  status: TrialState;
  seed: number;
  started: string | null;
  finished: string | null;
  host: string | null;
  attempts: number;
  metric: number | null;
  steps: number | null;
  final: string | null;
  error: string | null;
}

const COLUMNS = 'id, params, status, seed, started, finished, host, attempts, metric, steps, final, error';

/** JSON as this store wrote it; a store edited or damaged by hand gets one line naming the field */
function storedJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(where, 'JSON as gradscope sweep writes it', (err as Error).message);
  }
}

function recordOf(r: Row, path: string): TrialRecord {
  const where = `${path}: trial ${r.id}`;
  return {
    index: r.id,
    params: storedJson(r.params, `${where} params`) as Record<string, unknown>,
    status: r.status,
    seed: r.seed,
    started: r.started,
    finished: r.finished,
    host: r.host,
    attempts: r.attempts,
    metric: r.metric,
    final: r.final === null ? null : (storedJson(r.final, `${where} final`) as Final),
    steps: r.steps,
    error: r.error,
  };
}

function storeOf(
  db: Database.Database,
  dir: string,
  id: string,
  file: unknown,
  definition: SweepDefinition,
  expanded: readonly TrialSpec[] | null = null,
): SweepStore {
  const path = join(dir, STORE_FILE);
  let specs = expanded;
  const all = db.prepare(`SELECT ${COLUMNS} FROM trials ORDER BY id`);
  const one = db.prepare(`SELECT ${COLUMNS} FROM trials WHERE id = ?`);
  const unfinished = db.prepare("SELECT id FROM trials WHERE status IN ('pending', 'running') ORDER BY id");
  const counts = db.prepare('SELECT status, COUNT(*) AS n FROM trials GROUP BY status');
  const order = definition.metric.goal === 'minimize' ? 'ASC' : 'DESC';
  const best = db.prepare(
    `SELECT ${COLUMNS} FROM trials WHERE status = 'done' AND metric IS NOT NULL ORDER BY metric ${order}, id LIMIT ?`,
  );
  const running = db.prepare(
    "UPDATE trials SET status = 'running', started = ?, host = ?, attempts = attempts + 1 WHERE id = ? AND status IN ('pending', 'running')",
  );
  const record = db.prepare(
    `UPDATE trials SET status = @status, started = COALESCE(@started, started), finished = @finished, host = @host,
       attempts = CASE WHEN status = 'running' AND host = @host THEN MAX(attempts, 1) ELSE attempts + 1 END, metric = @metric, steps = @steps, train_loss = @trainLoss,
       train_accuracy = @trainAccuracy, train_objective = @trainObjective, val_loss = @valLoss,
       val_accuracy = @valAccuracy, final = @final, error = @error, document = CAST(@document AS TEXT)
     WHERE id = @id AND status IN ('pending', 'running')`,
  );
  const document = db.prepare('SELECT document FROM trials WHERE id = ?');
  // NOTE: a thread reports a trial's start only for the first of a batch or in a periodic report, so a
  // trial can finish without having been marked running: its run is then counted when it is recorded. A
  // trial marked running by this same host (and process) was counted then; one left running by a killed
  // process has that process's host, so its new run counts.
  return {
    dir,
    id,
    file,
    definition,
    specs: () => {
      specs ??= expandTrials(definition, `${join(dir, STORE_FILE)}: meta.file`);
      return specs;
    },
    trials: () => (all.all() as Row[]).map((r) => recordOf(r, path)),
    trial: (index) => {
      const r = one.get(index) as Row | undefined;
      return r ? recordOf(r, path) : null;
    },
    unfinished: () => (unfinished.all() as { id: number }[]).map((r) => r.id),
    counts() {
      const c: Record<TrialState, number> = { pending: 0, running: 0, done: 0, failed: 0 };
      for (const r of counts.all() as { status: TrialState; n: number }[]) c[r.status] = r.n;
      return { total: c.pending + c.running + c.done + c.failed, ...c };
    },
    best: (k) => (best.all(k) as Row[]).map((r) => recordOf(r, path)),
    markRunning(index, host, started = new Date()) {
      running.run(started.toISOString(), host, index);
    },
    record(index, o, host, finished = new Date()) {
      const f = o.final;
      const info = record.run({
        id: index,
        status: o.status,
        started: o.started ?? null,
        finished: o.finished ?? finished.toISOString(),
        host,
        metric: o.metric,
        steps: o.steps,
        trainLoss: num(f?.train.loss),
        trainAccuracy: num(f?.train.accuracy),
        trainObjective: num(f?.train.objective),
        valLoss: num(f?.val?.loss),
        valAccuracy: num(f?.val?.accuracy),
        final: f === null ? null : JSON.stringify(f),
        error: o.error,
        document: o.document,
      });
      return info.changes === 1;
    },
    document(index) {
      const r = document.get(index) as { document: string | null } | undefined;
      if (!r?.document) return null;
      const where = `${path}: trial ${index}`;
      return parseRunDocument(storedJson(r.document, `${where} document`), where);
    },
    batch: (fn) => db.transaction(fn)(),
    close: () => db.close(),
  };
}

export type { TrialSpec };
