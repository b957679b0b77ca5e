// The built CLI with other frameworks' files: export --format tfjs (loaded by tfjs-layers), train
// --init-from model.json (gradscope → tfjs → gradscope keeps every weight), report --csv and --flat.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, loadSafetensorsIntoModel } from '../src/index.js';
import { gradscope, tempDir } from './helpers/cli.js';
import { gradscopeForward, gradscopeNet, tf, tfl, useCpu } from './helpers/tfjs.js';

let run: string;

function ok(args: string[]): string {
  const r = gradscope(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  await useCpu();
  run = tempDir();
  ok([
    'train',
    '--data',
    'moons',
    '--hidden',
    '6,4',
    '--activation',
    'tanh',
    '--norm',
    'layer',
    '--steps',
    '30',
    '--log-every',
    '10',
    '--out',
    run,
    '--json',
  ]);
});

/** tfjs-layers' loader reading model.json and its weights from disk, as a file:// handler would. */
function fileHandler(modelJson: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelJson, 'utf8'));
      const group = json.weightsManifest[0];
      const bytes = readFileSync(join(modelJson, '..', group.paths[0]));
      return {
        modelTopology: json.modelTopology,
        weightSpecs: group.weights,
        weightData: new Uint8Array(bytes).buffer,
      };
    },
  };
}

describe('gradscope export and --init-from with TF.js', () => {
  it('export --format tfjs writes a model tfjs-layers loads and that predicts as gradscope does', async () => {
    expect(ok(['export', run, '--format', 'tfjs'])).toBe(`tfjs: ${join(run, 'tfjs', 'model.json')}\n`);
    const theirs = await tfl.loadLayersModel(fileHandler(join(run, 'tfjs', 'model.json')));
    const ours = gradscopeNet(
      { inputDim: 2, outputDim: 1, hidden: [6, 4], activation: 'tanh', norm: 'layer' },
      1,
    );
    loadSafetensorsIntoModel(
      ours,
      new Uint8Array(readFileSync(join(run, 'model.safetensors'))),
      'model.safetensors',
    );
    const x = Float32Array.from({ length: 16 }, (_, i) => Math.sin(i) * 1.5);
    const y = tf.tidy(() => (theirs.predict(tf.tensor2d(x, [8, 2])) as tf.Tensor).dataSync());
    const want = gradscopeForward(ours, x, 8);
    for (let i = 0; i < 8; i++)
      expect(Math.abs(y[i]! - want[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want[i]!)));
  });

  it('train --init-from model.json takes the architecture from the file and keeps every weight bit', () => {
    const back = tempDir();
    const doc = JSON.parse(
      ok([
        'train',
        '--data',
        'moons',
        '--init-from',
        join(run, 'tfjs', 'model.json'),
        '--steps',
        '0',
        '--out',
        back,
        '--json',
      ]),
    );
    expect(doc.config).toMatchObject({ hidden: [6, 4], activation: 'tanh', norm: 'layer' });
    const a = decodeSafetensors(new Uint8Array(readFileSync(join(run, 'model.safetensors'))), 'a').tensors;
    const b = decodeSafetensors(new Uint8Array(readFileSync(join(back, 'model.safetensors'))), 'b').tensors;
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expect(Array.from(b[k]!.data)).toEqual(Array.from(a[k]!.data));
  });

  it('refuses an unknown --format in one line', () => {
    const r = gradscope(['export', run, '--format', 'onnx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gradscope: --format: expected one of tfjs, got "onnx"\n');
  });
});

describe('gradscope report --csv', () => {
  it('writes the per-layer series as tidy CSV: step, layer, metric, value', () => {
    expect(ok(['report', run, '--csv'])).toBe(`csv: ${join(run, 'metrics.csv')}\n`);
    const doc = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    const { rows, header } = parseCsvText(readFileSync(join(run, 'metrics.csv'), 'utf8'));
    expect(header).toEqual(['step', 'layer', 'metric', 'value']);
    const grad = rows.filter((r) => r[2] === 'gradNorm' && r[0] === '10' && r[1] === '1');
    expect(grad).toEqual([['10', '1', 'gradNorm', String(doc.history[1].gradNorm[1])]]);
    const signal = rows.filter((r) => r[2] === 'signalGradNorm');
    expect(signal).toHaveLength(doc.history.length * 3);
    expect(rows.find((r) => r[2] === 'loss' && r[0] === '30')).toEqual([
      '30',
      '',
      'loss',
      String(doc.history.at(-1).loss),
    ]);
  });

  it('--flat writes one row per step with Lightning grad_2.0_norm columns', () => {
    ok(['report', run, '--csv', '--flat']);
    const doc = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    const { rows, header } = parseCsvText(readFileSync(join(run, 'metrics-flat.csv'), 'utf8'));
    expect(header.slice(0, 6)).toEqual([
      'step',
      'epoch',
      'grad_2.0_norm/layers.0.weight',
      'grad_2.0_norm/layers.1.weight',
      'grad_2.0_norm/layers.2.weight',
      'grad_2.0_norm_total',
    ]);
    expect(rows.map((r) => r[0])).toEqual(['1', '10', '20', '30']);
    expect(Number(rows[0]![5])).toBe(doc.history[0].clipPreNorm);
    const r = gradscope(['report', run, '--flat']);
    expect(r.stderr).toBe(
      'gradscope: --flat: expected --csv beside it (--flat picks the CSV form), got no --csv\n',
    );
  });
});

function parseCsvText(text: string): { header: string[]; rows: string[][] } {
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
  return { header: lines[0]!, rows: lines.slice(1) };
}
