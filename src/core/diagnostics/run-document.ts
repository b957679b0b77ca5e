// The part of a run document (`train --json`, or the files `--out DIR` saved) that the verdict engine
// reads. A TrainResult is one; so is the JSON of one read back, where NaN has become null.
// Saved-run contract (`gradscope diagnose DIR`): DIR/summary.json is the whole `train --json` document;
// without it, DIR/config.json (the resolved config) and DIR/metrics.jsonl (one history entry a line)
// give a partial document: the fit and gradient-flow rules then work from the logged instruments.

import { UsageError } from '../errors.js';
import type { ClipSummary } from './clip-events.js';
import type { LayerInstruments } from './instruments.js';
import type { NonFiniteEvent } from './non-finite.js';
import type { ProbeRecord } from './probe.js';

/** A loss, a norm… as a run document holds it: JSON turns NaN and ±Inf into null. */
export type Measured = number | null;

export interface RunConfigView {
  readonly activation: string;
  readonly init: string;
  readonly hidden: readonly number[];
  readonly lr: number;
  readonly l2: number;
  readonly l1?: number;
  readonly weightDecay?: number;
  readonly biasInit?: number;
  readonly clipNorm?: number | null;
  readonly clipLayerNorm?: number | null;
  readonly clipValue?: number | null;
  readonly norm?: string;
  readonly residual?: boolean;
}

export interface RunHistoryView {
  readonly step: number;
  readonly loss: Measured;
  readonly val?: { readonly loss: Measured };
  readonly instruments?: readonly LayerInstruments[];
}

export interface RunLayerView {
  readonly index: number;
  readonly activation: string;
  readonly weightNorm: Measured;
}

export interface RunDocument {
  readonly config: RunConfigView;
  readonly steps: number;
  readonly final: { readonly train: { readonly loss: Measured }; readonly val?: { readonly loss: Measured } };
  readonly layers: readonly RunLayerView[];
  readonly history: readonly RunHistoryView[];
  readonly probes?: readonly ProbeRecord[];
  readonly nonFinite?: NonFiniteEvent | null;
  readonly baseline?: { readonly constantLoss: Measured };
  readonly clipping?: ClipSummary;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Check the fields the verdict engine needs; throws UsageError naming `source` and the missing field. */
export function parseRunDocument(json: unknown, source: string): RunDocument {
  const need = (ok: boolean, field: string, got: unknown): void => {
    if (!ok) throw new UsageError(source, `a gradscope run document with ${field}`, describe(got));
  };
  need(isObject(json), 'a JSON object at the top', json);
  const doc = json as Record<string, unknown>;
  need(isObject(doc.config), '`config`', doc.config);
  const config = doc.config as Record<string, unknown>;
  need(
    typeof config.activation === 'string' && Array.isArray(config.hidden),
    '`config.activation` and `config.hidden`',
    config,
  );
  need(typeof doc.steps === 'number', '`steps`', doc.steps);
  need(isObject(doc.final) && isObject(doc.final.train), '`final.train`', doc.final);
  need(Array.isArray(doc.layers), '`layers`', doc.layers);
  need(Array.isArray(doc.history), '`history`', doc.history);
  return json as unknown as RunDocument;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isObject(v)) return `an object with keys ${Object.keys(v).slice(0, 8).join(', ') || '(none)'}`;
  return JSON.stringify(v);
}

export interface SavedRunFiles {
  /** text of DIR/config.json */
  readonly config: string;
  /** text of DIR/metrics.jsonl */
  readonly metrics: string;
  /** text of DIR/summary.json, when present */
  readonly summary?: string;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(source, 'valid JSON', (e as Error).message);
  }
}

/** A run document from a saved run's files (the front end reads them; the core never touches a disk). */
export function readSavedRun(files: SavedRunFiles): RunDocument {
  if (files.summary !== undefined)
    return parseRunDocument(parseJson(files.summary, 'summary.json'), 'summary.json');
  const config = parseJson(files.config, 'config.json');
  const history = files.metrics
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== '')
    .map(({ line, i }) => parseJson(line, `metrics.jsonl line ${i + 1}`) as RunHistoryView);
  const last = history.at(-1);
  const hidden = isObject(config) && Array.isArray(config.hidden) ? (config.hidden as number[]) : [];
  const activation = isObject(config) && typeof config.activation === 'string' ? config.activation : 'linear';
  const layers: RunLayerView[] = [...hidden, 0].map((_, index) => ({
    index,
    activation: index < hidden.length ? activation : 'linear',
    weightNorm: last?.instruments?.[index]?.weightNorm ?? null,
  }));
  const val = last?.val;
  return parseRunDocument(
    {
      config,
      steps: last?.step ?? 0,
      final: { train: { loss: last?.loss ?? null }, ...(val ? { val } : {}) },
      layers,
      history,
    },
    'config.json + metrics.jsonl',
  );
}
