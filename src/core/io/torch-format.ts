// A PyTorch nn.Sequential MLP's state_dict, saved with safetensors.torch.save_file, as a gradscope network.
// Keys are `<module index>.<parameter>`: Linear `i.weight` (out, in) and `i.bias` (out), LayerNorm `i.weight`,
// `i.bias` (N), BatchNorm1d the same plus `running_mean`, `running_var` and int64 `num_batches_tracked`
// (read past: gradscope does not count batches). Activation and Dropout modules hold no tensors, so their
// indices are gaps; the activation cannot be read from a state_dict at all and comes from --activation.
// gradscope's W (out, in) is torch's weight as it is: no transpose.
// reference: torch.nn.Linear, torch.nn.LayerNorm, torch.nn.BatchNorm1d state_dict keys; safetensors.torch.save_file.

import { UsageError } from '../errors.js';
import type { NormKind } from '../layers/optional.js';
import { commonNorm, type ImportedNet } from './net.js';
import { decodeSafetensors, type SafeTensor } from './safetensors.js';
import type { LoadableTensor } from './weights.js';

const KEY = /^(.*?)(\d+)\.([A-Za-z_]+)$/;

interface Module {
  readonly index: number;
  readonly params: Map<string, SafeTensor>;
}

const shapeText = (t: SafeTensor) => ({ toString: () => `shape [${t.shape.join(', ')}]` });

/** True when a safetensors file's names are a PyTorch Sequential's (`0.weight`, …), not gradscope's. */
export function isTorchStateDict(names: readonly string[]): boolean {
  return names.length > 0 && names.every((n) => KEY.test(n)) && !names.some((n) => n.startsWith('layers.'));
}

function modulesOf(
  tensors: Record<string, SafeTensor>,
  source: string,
): { modules: Module[]; prefix: string } {
  const modules = new Map<number, Module>();
  let prefix: string | null = null;
  for (const [key, t] of Object.entries(tensors)) {
    const m = KEY.exec(key);
    if (!m)
      throw new UsageError(
        `${source}: ${key}`,
        'a key <module index>.<parameter> of an nn.Sequential (0.weight, 0.bias, …)',
        key,
      );
    const [, p, i, param] = m as unknown as [string, string, string, string];
    if (prefix !== null && p !== prefix)
      throw new UsageError(
        `${source}: ${key}`,
        `a key under the same prefix as the others (${JSON.stringify(prefix)})`,
        key,
      );
    prefix = p;
    const index = Number(i);
    const mod = modules.get(index) ?? { index, params: new Map() };
    mod.params.set(param, t);
    modules.set(index, mod);
  }
  return { modules: [...modules.values()].sort((a, b) => a.index - b.index), prefix: prefix ?? '' };
}

type Kind = 'linear' | NormKind;

/** Linear, LayerNorm or BatchNorm1d by the tensors a module holds; anything else names its key. */
function kindOf(mod: Module, key: (p: string) => string, source: string): Kind {
  const w = mod.params.get('weight');
  const names = [...mod.params.keys()].sort().join(',');
  if (w && w.shape.length === 2 && (names === 'bias,weight' || names === 'weight')) return 'linear';
  if (w && w.shape.length === 1 && names === 'bias,weight') return 'layer';
  const bn = ['bias', 'num_batches_tracked', 'running_mean', 'running_var', 'weight'];
  if (
    w &&
    w.shape.length === 1 &&
    (names === bn.join(',') || names === bn.filter((n) => n !== 'num_batches_tracked').join(','))
  )
    return 'batch';
  const first = w ? 'weight' : [...mod.params.keys()][0]!;
  const t = mod.params.get(first)!;
  throw new UsageError(
    `${source}: ${key(first)}`,
    'a tensor of nn.Linear (weight [out, in], bias [out]), nn.LayerNorm or nn.BatchNorm1d (weight, bias [N]) between the Linear layers',
    shapeText(t),
  );
}

export function torchStateDictToNet(bytes: Uint8Array, source: string): ImportedNet {
  const decoded = decodeSafetensors(bytes, source, {
    skip: (name, dtype) => dtype === 'I64' && name.endsWith('.num_batches_tracked'),
  });
  // the skipped counters are part of their module: put a placeholder back for kindOf
  const all: Record<string, SafeTensor> = { ...decoded.tensors };
  for (const name of decoded.skipped) all[name] = { dtype: 'F64', shape: [], data: new Float64Array(1) };
  if (Object.keys(all).length === 0)
    throw new UsageError(source, 'a state_dict with at least one nn.Linear', 'an empty file');
  const { modules, prefix } = modulesOf(all, source);
  const tensors: Record<string, LoadableTensor> = {};
  const widths: number[] = [];
  const norms: NormKind[] = [];
  let fanIn: number | null = null;
  let last: Kind | null = null;
  for (const mod of modules) {
    const key = (p: string) => `${prefix}${mod.index}.${p}`;
    const kind = kindOf(mod, key, source);
    const w = mod.params.get('weight')!;
    if (kind === 'linear') {
      const [O, I] = w.shape as [number, number];
      if (fanIn !== null && I !== fanIn)
        throw new UsageError(
          `${source}: ${key('weight')}`,
          `shape [*, ${fanIn}] (the previous layer has ${fanIn} outputs)`,
          shapeText(w),
        );
      const b = mod.params.get('bias');
      if (b && (b.shape.length !== 1 || b.shape[0] !== O))
        throw new UsageError(`${source}: ${key('bias')}`, `shape [${O}]`, shapeText(b));
      const l = widths.length;
      if (last === 'linear') norms.push('none');
      tensors[`layers.${l}.weight`] = { shape: [O, I], data: w.data };
      tensors[`layers.${l}.bias`] = b
        ? { shape: [O], data: b.data }
        : { shape: [O], data: new Float32Array(O) };
      widths.push(O);
      fanIn = O;
    } else {
      if (last !== 'linear') {
        throw new UsageError(
          `${source}: ${key('weight')}`,
          'a norm right after an nn.Linear (gradscope: Linear → norm → f)',
          last === null ? 'a norm first' : 'a second norm',
        );
      }
      const N = fanIn!;
      for (const p of kind === 'batch'
        ? ['weight', 'bias', 'running_mean', 'running_var']
        : ['weight', 'bias']) {
        const t = mod.params.get(p)!;
        if (t.shape.length !== 1 || t.shape[0] !== N)
          throw new UsageError(
            `${source}: ${key(p)}`,
            `shape [${N}] (the Linear before it has ${N} outputs)`,
            shapeText(t),
          );
        tensors[`norms.${widths.length - 1}.${p}`] = { shape: [N], data: t.data };
      }
      norms.push(kind);
    }
    last = kind;
  }
  if (last !== 'linear') {
    const mod = modules.at(-1)!;
    throw new UsageError(
      `${source}: ${prefix}${mod.index}.weight`,
      'an nn.Linear as the last module (the output layer)',
      'a norm',
    );
  }
  const L = widths.length;
  const hiddenNorms = norms.slice(0, L - 1);
  const norm = commonNorm(hiddenNorms);
  if ('differs' in norm) {
    throw new UsageError(
      `${source}: layer ${norm.differs}`,
      `the same norm after every hidden Linear (${hiddenNorms[0]})`,
      hiddenNorms[norm.differs]!,
    );
  }
  return {
    settings: { hidden: widths.slice(0, -1), norm: norm.norm },
    inputDim: tensors['layers.0.weight']!.shape[1]!,
    outputDim: widths[L - 1]!,
    tensors,
  };
}
