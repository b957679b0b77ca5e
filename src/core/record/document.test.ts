// The version-1 schema against documents today's training code produces, read back from JSON.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { trained } from '../../../test/helpers/trained.js';
import { DEFAULTS, resolveConfig, type TrainConfig } from '../config.js';
import type { SharpnessResult } from '../diagnostics/sharpness.js';
import type { LayerInstruments, ProbeRecord, RunDocument, RunView, Sharpness } from './index.js';
import { parseRunDocument, RunDocumentSchema, readSavedRun } from './index.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('parseRunDocument', () => {
  const { result, json } = trained({ valSplit: 0.25, l2: 1e-3 });

  it('accepts a run document of today’s training code after a JSON round trip, and gives back its values', () => {
    const doc = parseRunDocument(clone(json), 'summary.json');
    expect(doc.version).toBe(1);
    expect(doc.config).toEqual(
      resolveConfig({ data: 'circle', steps: 20, logEvery: 5, probeEvery: 10, valSplit: 0.25, l2: 1e-3 }),
    );
    expect(doc.plan).toMatchObject({ loss: 'bce', outputDim: 1, totalSteps: 20 });
    expect(doc.history).toEqual(result.history);
    expect(doc.layers).toEqual(result.layers);
    expect(doc.probes).toEqual(result.probes);
    expect(doc.final).toEqual(result.final);
    expect(doc.clipping).toEqual(result.clipping);
    expect(doc.diagnosis.verdict).toEqual(result.diagnosis.verdict);
  });

  it('accepts a document without instruments, probes or a validation split (the optional fields absent)', () => {
    const bare = trained({ valSplit: 0 });
    const doc = parseRunDocument(bare.json, 'summary.json');
    expect(doc.final.val).toBeUndefined();
    expect(doc.history.every((h) => h.val === undefined)).toBe(true);
  });

  it('reads null as NaN where a number was measured, and keeps null where null means "not measured"', () => {
    const j = clone(json) as { history: { loss: unknown; instruments: { updateRatio: unknown }[] }[] };
    j.history[1]!.loss = null;
    j.history[1]!.instruments[0]!.updateRatio = null;
    const doc = parseRunDocument(j, 'summary.json');
    expect(doc.history[1]!.loss).toBeNaN();
    expect(doc.history[1]!.instruments![0]!.updateRatio).toBeNull();
  });

  it('accepts the history entry’s full training-set evaluation `train`, and nothing it does not define', () => {
    const j = clone(json) as { history: Record<string, unknown>[] };
    j.history[0]!.train = { loss: 0.69, accuracy: 0.5 };
    expect(parseRunDocument(j, 's').history[0]!.train).toEqual({ loss: 0.69, accuracy: 0.5 });
    j.history[0]!.train = { loss: 0.69, acc: 0.5 };
    expect(() => parseRunDocument(j, 's')).toThrow('s: history[0].train.acc: expected no such field');
  });

  it('refuses a document without `version`, or of another version', () => {
    const { version: _, ...none } = json;
    expect(() => parseRunDocument(none, 'summary.json')).toThrow(
      'summary.json: version: expected 1 (the run-document format this gradscope reads), got nothing',
    );
    expect(() => parseRunDocument({ ...json, version: 2 }, 'summary.json')).toThrow(
      /version: expected 1 .*, got 2$/,
    );
  });

  it('refuses what is not a document at all, naming the source alone', () => {
    expect(() => parseRunDocument([1, 2], 'x.json')).toThrow(
      'x.json: expected a gradscope run document (an object), got an array of 2',
    );
  });
});

describe('the types parsed from the schema', () => {
  it('config is exactly TrainConfig, and the defaults are a valid config', () => {
    type Config = RunDocument['config'];
    const a: Config = DEFAULTS;
    const b: TrainConfig = a;
    expect(RunDocumentSchema.shape.config.parse(b)).toEqual(DEFAULTS);
  });

  it('the sharpness and config the diagnostics produce are the schema types', () => {
    expectTypeOf<Sharpness>().toEqualTypeOf<SharpnessResult>();
    expectTypeOf<RunDocument['config']>().toEqualTypeOf<TrainConfig>();
  });

  it('a live result (numbers, never null for a norm) is what the verdict engine reads', () => {
    const { result } = trained({ steps: 2 });
    const { diagnosis: _, ...rest } = result;
    const view: RunView = rest;
    const inst: LayerInstruments | undefined = view.history[0]!.instruments?.[0];
    const probe: ProbeRecord | undefined = view.probes?.[0];
    expect(typeof inst?.weightNorm).toBe('number');
    expect(probe?.step).toBe(0);
  });
});

describe('readSavedRun', () => {
  const { result, json } = trained({ valSplit: 0.25 });
  const configJson = JSON.stringify({ version: json.version, config: json.config, plan: json.plan });
  const metrics = `${result.history.map((h) => JSON.stringify(h)).join('\n')}\n`;

  it('reads summary.json when it is there', () => {
    const doc = readSavedRun({ summary: JSON.stringify(json) });
    expect(doc.diagnosis?.verdict).toEqual(result.diagnosis.verdict);
  });

  it('without summary.json, builds a partial document from config.json and metrics.jsonl', () => {
    const doc = readSavedRun({ config: configJson, metrics });
    const last = result.history.at(-1)!;
    expect(doc.steps).toBe(last.step);
    expect(doc.final.train).toEqual({
      loss: last.loss,
      penalty: last.penalty,
      objective: last.loss + last.penalty,
    });
    expect(doc.final.val).toEqual(last.val);
    expect(doc.probes).toBeUndefined();
    expect(doc.diagnosis).toBeUndefined();
    expect(doc.layers.map((l) => [l.index, l.activation, l.fanIn, l.fanOut])).toEqual([
      [0, 'tanh', undefined, 8],
      [1, 'tanh', 8, 8],
      [2, 'linear', 8, 1],
    ]);
    expect(doc.layers[1]!.signalGradNorm).toBe(last.instruments![1]!.signalGradNorm);
    expect(doc.layers[2]!.gradNorm).toBe(last.gradNorm[2]);
  });

  it('takes the final training loss from the whole training set when the last line has `train`', () => {
    const lines = metrics.trim().split('\n');
    const last = JSON.parse(lines.at(-1)!);
    lines[lines.length - 1] = JSON.stringify({ ...last, train: { loss: 0.3, accuracy: 0.9 } });
    const doc = readSavedRun({ config: configJson, metrics: lines.join('\n') });
    expect(doc.final.train).toMatchObject({ loss: 0.3, accuracy: 0.9, objective: 0.3 + last.penalty });
  });

  it('names the file, the line and the field of a bad metrics line, with the names the caller gives', () => {
    const lines = metrics.trim().split('\n');
    lines[2] = lines[2]!.replace('"clipped":false', '"clipped":"no"');
    expect(() => readSavedRun({ config: configJson, metrics: lines.join('\n') }, (f) => `run/${f}`)).toThrow(
      'run/metrics.jsonl line 3: clipped: expected true or false, got "no"',
    );
    const short = JSON.stringify({ ...JSON.parse(lines[0]!), gradNorm: [1] });
    expect(() => readSavedRun({ config: configJson, metrics: short })).toThrow(
      'metrics.jsonl line 1: gradNorm: expected 3 entries, one per Dense layer (the 2 of config.hidden and the output layer), got an array of 1',
    );
  });

  it('refuses a config.json of the old shape (no version, the plan merged into config)', () => {
    expect(() => readSavedRun({ config: JSON.stringify(result.config), metrics })).toThrow(
      /^config\.json: version: expected 1/,
    );
    expect(() => readSavedRun({ config: '{', metrics })).toThrow(/config\.json: expected valid JSON/);
  });

  it('ignores a torn last line (a killed writer) and says so, with the run as incomplete at its last step', () => {
    const lines = metrics.trim().split('\n');
    const torn = `${lines.slice(0, 2).join('\n')}\n${lines[2]!.slice(0, 40)}`;
    const doc = readSavedRun({ config: configJson, metrics: torn });
    expect(doc.history).toHaveLength(2);
    expect(doc.steps).toBe(JSON.parse(lines[1]!).step);
    expect(doc.notes).toEqual([
      `incomplete: last logged step ${doc.steps} of ${json.plan && (json.plan as { totalSteps: number }).totalSteps} (no summary.json: the run was stopped before its end)`,
      'metrics.jsonl: last line torn (a killed run), ignored',
    ]);
    // a torn line anywhere but last is a bad file, not a kill
    expect(() => readSavedRun({ config: configJson, metrics: `${torn}\n${lines[3]}\n` })).toThrow(
      /metrics\.jsonl line 3: expected valid JSON/,
    );
  });

  it('refuses metrics.jsonl without a logged step', () => {
    expect(() => readSavedRun({ config: configJson, metrics: '\n\n' })).toThrow(
      'metrics.jsonl: expected at least one logged step, got "an empty file"',
    );
  });
});
