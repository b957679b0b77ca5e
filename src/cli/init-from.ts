// `train --init-from FILE` (strict: the file holds exactly the model's tensors, as PyTorch's
// strict=True) and `--init-from-partial FILE` (a gradscope safetensors file: the tensors the model has,
// the rest ignored, both listed on stderr). --init-from picks the reader a file needs, by its extension
// and names:
//   model.json (any .json)   a TF.js layers model; its weight files sit beside it
//   .safetensors             gradscope's own names (layers.0.weight, …), or a PyTorch nn.Sequential
//                            state_dict (0.weight, 0.bias, 2.weight, …)
// A foreign file fixes the architecture (hidden widths, norm, and for TF.js the activation and dropout):
// those become the defaults of the run, a flag given on the command line wins, and every shape is
// still checked against the model the flags build.

import { dirname, join } from 'node:path';
import {
  type ConfigInput,
  decodeSafetensors,
  type ImportedNet,
  isTorchStateDict,
  loadSafetensorsIntoModel,
  loadTensorsIntoModel,
  type Model,
  shortList,
  tfjsToNet,
  tfjsWeightPaths,
  torchStateDictToNet,
  UsageError,
} from '../index.js';
import { readBytes, readText } from '../node/io.js';
import type { CommandIO } from './commands/types.js';

export interface InitFrom {
  /** settings the file fixes, for the flags the user did not give */
  readonly settings: ConfigInput;
  load(model: Model): void;
}

function readTfjs(path: string): ImportedNet {
  let json: unknown;
  try {
    json = JSON.parse(readText('--init-from', path, 'TF.js model.json'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(
      '--init-from',
      'a TF.js model.json (valid JSON)',
      `${path} (${(e as Error).message})`,
    );
  }
  const parts = tfjsWeightPaths(json, path).map((p) =>
    readBytes('--init-from', join(dirname(path), p), 'TF.js weights file'),
  );
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return tfjsToNet(json, bytes, path);
}

/** What the net fixes, for the keys the flags leave open. */
function defaults(net: ImportedNet, flags: Readonly<Record<string, unknown>>): ConfigInput {
  const given = (k: string) => flags[k] !== undefined;
  const { hidden, norm, activation, dropout } = net.settings;
  return {
    ...(given('hidden') || given('depth') || given('width') ? {} : { hidden: [...hidden] }),
    ...(given('norm') ? {} : { norm }),
    ...(activation === undefined || given('activation') ? {} : { activation }),
    ...(dropout === undefined || given('dropout') ? {} : { dropout }),
  };
}

export function readInitFrom(path: string, flags: Readonly<Record<string, unknown>>): InitFrom {
  let net: ImportedNet;
  if (path.toLowerCase().endsWith('.json')) net = readTfjs(path);
  else {
    const bytes = readBytes('--init-from', path, 'safetensors file');
    const { tensors, skipped } = decodeSafetensors(bytes, path, { skip: (_, dtype) => dtype === 'I64' });
    if (!isTorchStateDict([...Object.keys(tensors), ...skipped])) {
      return { settings: {}, load: (model) => void loadSafetensorsIntoModel(model, bytes, path) };
    }
    if (flags.activation === undefined) {
      throw new UsageError(
        '--activation',
        'the activation of the PyTorch model (a state_dict stores only tensors, never the activation: pass --activation relu, tanh, …)',
        { toString: () => 'nothing' },
      );
    }
    net = torchStateDictToNet(bytes, path);
  }
  return {
    settings: defaults(net, flags),
    load: (model) => void loadTensorsIntoModel(model, net.tensors, path),
  };
}

/** The two flags, read and checked: at most one of them, and its loader for the model the flags build. */
export function readInitFlags(
  flags: { readonly initFrom: unknown; readonly initFromPartial: unknown },
  settings: Readonly<Record<string, unknown>>,
  io: CommandIO,
): InitFrom | null {
  const { initFrom, initFromPartial } = flags;
  if (typeof initFrom === 'string' && typeof initFromPartial === 'string') {
    throw new UsageError(
      '--init-from-partial',
      'either --init-from or --init-from-partial, not both',
      `--init-from ${initFrom} --init-from-partial ${initFromPartial}`,
    );
  }
  if (typeof initFrom === 'string') return readInitFrom(initFrom, settings);
  if (typeof initFromPartial !== 'string') return null;
  const bytes = readBytes('--init-from-partial', initFromPartial, 'safetensors file');
  return {
    settings: {},
    load(model) {
      const r = loadSafetensorsIntoModel(model, bytes, initFromPartial, { partial: true });
      const list = (names: readonly string[]): string => (names.length === 0 ? '' : ` (${shortList(names)})`);
      io.stderr(
        `--init-from-partial: loaded ${r.loaded.length} tensors${list(r.loaded)}; ` +
          `ignored ${r.ignored.length} not in this model${list(r.ignored.map((n) => JSON.stringify(n)))}; ` +
          `kept ${r.missing.length} as initialized${list(r.missing)}\n`,
      );
    },
  };
}
