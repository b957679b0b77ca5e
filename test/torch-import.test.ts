// PyTorch nn.Sequential state_dicts, written by real PyTorch in save_file's layout (test/torch/state_dict.py):
// gradscope maps Linear/LayerNorm/BatchNorm1d in order, keeps every value bit for bit, predicts as torch
// does in eval mode, and refuses bad files with one line naming the key.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSafetensors, loadTensorsIntoModel, type NormKind, torchStateDictToNet } from '../src/index.js';
import { gradscope, tempDir } from './helpers/cli.js';
import { gradscopeForward, gradscopeNet } from './helpers/tfjs.js';
import { TORCH_PYTHON, torchUnavailable } from './helpers/torch.js';

const SCRIPT = resolve(import.meta.dirname, 'torch/state_dict.py');
const unavailable = torchUnavailable();

interface Case {
  id: string;
  dims: number[];
  activation: 'relu' | 'tanh' | 'sigmoid';
  norm: NormKind;
  seed: number;
}

const CASES: Case[] = [
  { id: 'tanh', dims: [2, 8, 6, 1], activation: 'tanh', norm: 'none', seed: 1 },
  { id: 'relu + layer norm', dims: [2, 5, 5, 3], activation: 'relu', norm: 'layer', seed: 2 },
  { id: 'sigmoid + batch norm', dims: [2, 7, 4, 1], activation: 'sigmoid', norm: 'batch', seed: 3 },
];

const X = [
  [0.5, -1.2],
  [1.5, 0.3],
  [-0.7, 0.9],
  [0.0, 2.0],
];

describe.skipIf(unavailable !== null)(`PyTorch state_dicts (${unavailable ?? TORCH_PYTHON})`, () => {
  const dir = tempDir();
  const job = { cases: CASES.map((c) => ({ ...c, path: join(dir, `${c.seed}.safetensors`), x: X })) };
  const r = spawnSync(TORCH_PYTHON, [SCRIPT], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`state_dict.py: ${r.stderr}`);
  const results = JSON.parse(r.stdout).results as {
    keys: string[];
    params: Record<string, number[]>;
    out: number[];
  }[];

  CASES.forEach((c, k) => {
    it(`${c.id}: every Linear and norm tensor lands in gradscope's model bit for bit, predicting as torch does`, () => {
      const bytes = new Uint8Array(readFileSync(job.cases[k]!.path));
      const net = torchStateDictToNet(bytes, 'model.safetensors');
      expect(net.settings).toEqual({ hidden: c.dims.slice(1, -1), norm: c.norm });
      const model = gradscopeNet(
        {
          inputDim: 2,
          outputDim: c.dims.at(-1)!,
          hidden: c.dims.slice(1, -1),
          activation: c.activation,
          norm: c.norm,
        },
        9,
      );
      loadTensorsIntoModel(model, net.tensors, 'model.safetensors');
      // torch's modules by index: Linear, [norm], activation, …
      const stride = c.norm === 'none' ? 2 : 3;
      const { params } = results[k]!;
      for (let l = 0; l < c.dims.length - 1; l++) {
        const value = (name: string) =>
          Array.from([...model.tensors, ...model.state].find((t) => t.name === name)!.value);
        expect(value(`layers.${l}.weight`)).toEqual(params[`${l * stride}.weight`]);
        expect(value(`layers.${l}.bias`)).toEqual(params[`${l * stride}.bias`]);
        if (c.norm !== 'none' && l < c.dims.length - 2) {
          expect(value(`norms.${l}.weight`)).toEqual(params[`${l * stride + 1}.weight`]);
          if (c.norm === 'batch')
            expect(value(`norms.${l}.running_var`)).toEqual(params[`${l * stride + 1}.running_var`]);
        }
      }
      const out = gradscopeForward(model, Float32Array.from(X.flat()), X.length);
      results[k]!.out.forEach((v, i) => {
        expect(Math.abs(out[i]! - v)).toBeLessThan(2e-6 * Math.max(1, Math.abs(v)));
      });
    });
  });

  it('gradscope train --init-from a state_dict takes the widths from the file and --activation from the flag', () => {
    const file = job.cases[0]!.path;
    const r1 = gradscope([
      'train',
      '--data',
      'moons',
      '--init-from',
      file,
      '--activation',
      'tanh',
      '--steps',
      '0',
      '--json',
    ]);
    expect(r1.stderr).toBe('');
    expect(JSON.parse(r1.stdout).config).toMatchObject({ hidden: [8, 6], activation: 'tanh', norm: 'none' });
    const r2 = gradscope(['train', '--data', 'moons', '--init-from', file]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe(
      'gradscope: --activation: expected the activation of the PyTorch model (a state_dict stores only tensors, never the activation: pass --activation relu, tanh, …), got nothing\n',
    );
  });
});

describe('bad state_dicts', () => {
  const f32 = (...shape: number[]) => ({
    dtype: 'F32' as const,
    shape,
    data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5),
  });

  it('a non-Linear tensor between Linear ones is named by its key', () => {
    const bytes = encodeSafetensors({
      '0.weight': f32(4, 2),
      '0.bias': f32(4),
      '1.weight': f32(1),
      '2.weight': f32(1, 4),
      '2.bias': f32(1),
    });
    expect(() => torchStateDictToNet(bytes, 'sd.safetensors')).toThrow(
      'sd.safetensors: 1.weight: expected a tensor of nn.Linear (weight [out, in], bias [out]), nn.LayerNorm or nn.BatchNorm1d (weight, bias [N]) between the Linear layers, got shape [1]',
    );
  });

  it('a Linear whose input does not match the previous output is named with both shapes', () => {
    const bytes = encodeSafetensors({
      '0.weight': f32(4, 2),
      '0.bias': f32(4),
      '2.weight': f32(1, 5),
      '2.bias': f32(1),
    });
    expect(() => torchStateDictToNet(bytes, 'sd.safetensors')).toThrow(
      'sd.safetensors: 2.weight: expected shape [*, 4] (the previous layer has 4 outputs), got shape [1, 5]',
    );
  });

  it('a norm of the wrong width is named by its key', () => {
    const bytes = encodeSafetensors({
      '0.weight': f32(4, 2),
      '0.bias': f32(4),
      '1.weight': f32(3),
      '1.bias': f32(3),
      '3.weight': f32(1, 4),
      '3.bias': f32(1),
    });
    expect(() => torchStateDictToNet(bytes, 'sd.safetensors')).toThrow(
      'sd.safetensors: 1.weight: expected shape [4] (the Linear before it has 4 outputs), got shape [3]',
    );
  });

  it('the CLI refuses a state_dict whose shapes do not fit the data, in one line', () => {
    const file = join(tempDir(), 'sd.safetensors');
    writeFileSync(
      file,
      encodeSafetensors({ '0.weight': f32(4, 3), '0.bias': f32(4), '2.weight': f32(1, 4), '2.bias': f32(1) }),
    );
    const r = gradscope(['train', '--data', 'moons', '--init-from', file, '--activation', 'relu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^gradscope: .*sd\.safetensors: expected layers\.0\.weight of shape \[4, 2\], got "shape \[4, 3\]"\n$/,
    );
  });
});
