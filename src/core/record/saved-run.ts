// Reading a run document: `train --json` output, or a saved run directory (`train --out DIR`).
// DIR/summary.json is the whole document. Without it, DIR/config.json ({ version, config, plan }) and
// DIR/metrics.jsonl (one history entry a line) give a partial document: final and layers from the last
// logged step, no probes, events or diagnosis. The front end reads the files; the core never touches a disk.
// metrics.jsonl is appended while the run goes: a run killed mid-write leaves a torn last line (no
// newline, not parseable), which is ignored and said so in the document's notes; any other bad line is
// refused and named.

import { UsageError } from '../errors.js';
import { layerCountProblem } from './consistency.js';
import {
  type PartialRunDocument,
  type RunConfigFile,
  RunConfigFileSchema,
  type RunDocument,
  RunDocumentSchema,
} from './document.js';
import { type HistoryEntry, HistoryEntrySchema } from './history.js';
import type { PartialLayerReport } from './layer.js';
import { describeValue, parseWith } from './parse.js';

/** Parse a run document (`train --json`, summary.json); `source` names it in errors. */
export function parseRunDocument(json: unknown, source: string): RunDocument {
  return parseWith(RunDocumentSchema, json, source, 'a gradscope run document');
}

/** DIR/config.json: { version, config, plan }; `source` names it in errors. */
export function parseRunConfig(text: string, source: string): RunConfigFile {
  return parseWith(RunConfigFileSchema, parseJson(text, source), source, 'the config.json of a saved run');
}

/** The texts of a saved run's files: summary.json, or config.json and metrics.jsonl without it. */
export type SavedRunFiles =
  | { readonly summary: string }
  | {
      /** text of DIR/config.json */
      readonly config: string;
      /** text of DIR/metrics.jsonl */
      readonly metrics: string;
    };

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(source, 'valid JSON', (e as Error).message);
  }
}

/**
 * A run document from a saved run's files: the whole one from summary.json, else a partial one.
 * `name` turns a file name into what errors call it (the CLI passes its path in DIR).
 */
export function readSavedRun(
  files: SavedRunFiles,
  name: (file: string) => string = (file) => file,
): PartialRunDocument {
  if ('summary' in files) {
    const source = name('summary.json');
    return parseRunDocument(parseJson(files.summary, source), source);
  }
  const { version, config, plan } = parseRunConfig(files.config, name('config.json'));
  const history: HistoryEntry[] = [];
  const notes: string[] = [];
  const lines = files.metrics.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const source = `${name('metrics.jsonl')} line ${i + 1}`;
    const torn = i === lines.length - 1 && tornLine(line);
    if (torn) {
      notes.push('metrics.jsonl: last line torn (a killed run), ignored');
      return;
    }
    const entry = parseHistoryLine(line, source);
    for (const [field, list] of [
      ['gradNorm', entry.gradNorm],
      ['instruments', entry.instruments],
    ] as const) {
      const problem = list && layerCountProblem(config.hidden, list);
      if (problem)
        throw new UsageError(`${source}: ${field}`, problem, { toString: () => describeValue(list) });
    }
    history.push(entry);
  });
  const last = history.at(-1);
  if (!last) throw new UsageError(name('metrics.jsonl'), 'at least one logged step', 'an empty file');
  const train = last.train ?? { loss: last.loss };
  notes.unshift(
    `incomplete: last logged step ${last.step} of ${plan.totalSteps} (no summary.json: the run was stopped before its end)`,
  );
  return {
    version,
    config,
    plan,
    steps: last.step,
    final: {
      train: { ...train, penalty: last.penalty, objective: train.loss + last.penalty },
      ...(last.val ? { val: last.val } : {}),
    },
    layers: config.hidden.concat(plan.outputDim).map((fanOut, index): PartialLayerReport => {
      const { index: _, ...measured } = last.instruments?.[index] ?? { index };
      return {
        index,
        activation: index < config.hidden.length ? config.activation : 'linear',
        ...(index > 0 ? { fanIn: config.hidden[index - 1]! } : {}),
        fanOut,
        ...measured,
        gradNorm: last.gradNorm[index]!,
      };
    }),
    history,
    notes,
  };
}

/** One line of metrics.jsonl: a logged step (null reads back as NaN); `source` names it in errors. */
export function parseHistoryLine(line: string, source: string): HistoryEntry {
  return parseWith(HistoryEntrySchema, parseJson(line, source), source, 'a logged step');
}

/** A last line without its newline that does not parse: the writer was killed in the middle of it. */
function tornLine(line: string): boolean {
  try {
    JSON.parse(line);
    return false;
  } catch {
    return true;
  }
}
