// `train --out DIR` and `train --resume DIR`: the session stepped with its history streamed to
// DIR/metrics.jsonl and only a bounded copy in memory (memory is flat in the number of steps),
// checkpoints every --checkpoint-every steps, and SIGINT/SIGTERM turned into a final checkpoint and a
// summary marked interrupted. The loop yields to the event loop every few milliseconds so a signal is
// seen between two steps. File layout and atomicity: run-dir.ts and run-files.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DecodedCheckpoint,
  diagnose,
  encodeCheckpoint,
  fillHistory,
  type HistoryEntry,
  modelToSafetensors,
  openSession,
  parseHistoryLine,
  RUN_FORMAT_VERSION,
  restoreCheckpoint,
  type Trainer,
  type TrainResult,
} from '../index.js';
import { clearRunOutputs, openMetrics, scanMetrics } from './run-dir.js';
import { writeFilesAtomically } from './run-files.js';

/** History entries (and probes) kept in memory and in summary.json; metrics.jsonl has every one. */
export const HISTORY_LIMIT = 1024;
/** Hand control to the event loop (signals) at least this often, in ms. */
const YIELD_MS = 50;

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
/** every file a run writes in its directory */
export const RUN_FILES = [
  'config.json',
  'metrics.jsonl',
  'summary.json',
  'model.safetensors',
  CHECKPOINT_FILE,
];

/** The package version: a checkpoint of another version is refused (its numbers may differ). */
export function codeVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return `${(JSON.parse(text) as { version: string }).version}+run${RUN_FORMAT_VERSION}`;
}

export interface DirRun {
  /** the flag errors name (--out or --resume) */
  readonly argument: string;
  readonly dir: string;
  readonly checkpointEvery: number | null;
  readonly resume: DecodedCheckpoint | null;
  readonly onLog?: (entry: HistoryEntry) => void;
}

export interface DirRunResult {
  readonly result: TrainResult;
  /** the signal that stopped the run, or null when it ran to its end */
  readonly signal: 'SIGINT' | 'SIGTERM' | null;
}

export async function trainInDir(trainer: Trainer, run: DirRun): Promise<DirRunResult> {
  const { argument, dir, resume } = run;
  const version = codeVersion();
  // metrics.jsonl before config.json: once config.json is there, a reader finds both
  writeFilesAtomically(argument, dir, {}); // makes DIR and removes stale temp files
  clearRunOutputs(
    dir,
    resume ? ['summary.json', 'model.safetensors'] : ['summary.json', 'model.safetensors', CHECKPOINT_FILE],
  );
  // the lines up to the checkpoint's step; a last step logged only as the end is logged again (or not,
  // when --steps grew) by the resumed session, so its line goes
  // kept history entries the checkpoint stored by their step are read back from their lines
  const upTo = resume ? resume.info.step - (resume.state.endEntry ? 1 : 0) : 0;
  const prefix = resume ? scanMetrics(argument, dir, upTo, new Set(resume.besideSteps)) : null;
  const filled = resume && prefix ? fillFromLines(resume, prefix.lines, join(dir, 'metrics.jsonl')) : null;
  const metrics = openMetrics(argument, dir, prefix ? prefix.bytes : null);
  const { config, plan } = trainer;
  writeFilesAtomically(argument, dir, {
    'config.json': `${JSON.stringify({ version: RUN_FORMAT_VERSION, config, plan }, null, 2)}\n`,
  });
  const session = openSession(trainer, {
    maxHistory: HISTORY_LIMIT,
    onLog(entry) {
      metrics.append(JSON.stringify(entry));
      run.onLog?.(entry);
    },
  });
  if (filled) restoreCheckpoint(session, filled, join(dir, CHECKPOINT_FILE));
  const checkpoint = (): void => {
    metrics.flush(true); // the metrics are never behind a checkpoint
    writeFilesAtomically(argument, dir, {
      [CHECKPOINT_FILE]: encodeCheckpoint(session, version, { historyBeside: true }),
    });
  };

  let signal: DirRunResult['signal'] = null;
  const onInt = (): void => {
    signal ??= 'SIGINT';
  };
  const onTerm = (): void => {
    signal ??= 'SIGTERM';
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const every = run.checkpointEvery;
    let since = performance.now();
    while (!session.done && signal === null) {
      session.step();
      if (every !== null && session.stepCount % every === 0 && !session.done) checkpoint();
      if (performance.now() - since >= YIELD_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
    // a last checkpoint between steps, before the end-of-run probe: --resume DIR --steps N goes on from it
    if (signal !== null || every !== null) checkpoint();
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  const result = signal === null ? session.finish() : interrupted(session.document());
  metrics.close();
  // model first, summary last: a summary.json says the directory is complete
  writeFilesAtomically(argument, dir, { 'model.safetensors': modelToSafetensors(trainer.model) });
  writeFilesAtomically(argument, dir, { 'summary.json': `${JSON.stringify(result)}\n` });
  return { result, signal };
}

function fillFromLines(
  resume: DecodedCheckpoint,
  lines: ReadonlyMap<number, string>,
  path: string,
): DecodedCheckpoint {
  const entries = new Map<number, HistoryEntry>();
  for (const [step, line] of lines) entries.set(step, parseHistoryLine(line, `${path} step ${step}`));
  return fillHistory(resume, entries, path);
}

function interrupted(doc: TrainResult): TrainResult {
  const { diagnosis: _, ...rest } = doc;
  const marked = { ...rest, interrupted: true };
  return { ...marked, diagnosis: diagnose(marked) };
}
