// `gradscope export DIR --format tfjs [--out OUT]`: the final weights of a saved run (train --out DIR) as a
// TF.js layers model, OUT/model.json + OUT/weights.bin, which tf.loadLayersModel loads.

import { join } from 'node:path';
import {
  createModel,
  createRng,
  decodeSafetensors,
  licenceOf,
  loadSafetensorsIntoModel,
  modelSpecOf,
  modelToTfjs,
  referenceKernels,
  TFJS_WEIGHTS_FILE,
  UsageError,
} from '../../index.js';
import { readBytes, readRunDir } from '../../node/io.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { checkOutDir, writeFilesAtomically } from '../run-files.js';
import type { CommandIO } from './types.js';

const FORMATS = ['tfjs'] as const;

const FLAGS: FlagTable = {
  '--format': { key: 'format', help: 'the format to write: tfjs (a TF.js layers model)' },
  '--out': { key: 'out', help: 'the directory to write', default: 'DIR/tfjs' },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

const USAGE =
  'usage: gradscope export DIR --format tfjs [--out OUT]\n\nDIR is a run saved by `gradscope train --out DIR`.';

export function runExport(argv: readonly string[], io: CommandIO): number {
  const { values, positional } = parseArgs('export', argv, FLAGS);
  if (values.help) {
    io.stdout(formatHelp(USAGE, FLAGS));
    return 0;
  }
  if (positional.length !== 1) {
    throw new UsageError(
      'gradscope export',
      'one run directory (from train --out DIR)',
      positional.join(' ') || 'nothing',
    );
  }
  if (!FORMATS.includes(values.format as 'tfjs')) {
    throw new UsageError(
      '--format',
      `one of ${FORMATS.join(', ')}`,
      typeof values.format === 'string' ? values.format : { toString: () => 'nothing' },
    );
  }
  const dir = positional[0]!;
  const out = typeof values.out === 'string' ? values.out : join(dir, 'tfjs');
  const argument = typeof values.out === 'string' ? '--out' : 'gradscope export';
  checkOutDir(argument, out);
  const { config, plan } = readRunDir('gradscope export', dir);
  const file = join(dir, 'model.safetensors');
  const bytes = readBytes('gradscope export', file, 'model.safetensors (train --out writes it)');
  const first = decodeSafetensors(bytes, file).tensors['layers.0.weight'];
  if (first?.shape.length !== 2) {
    throw new UsageError(file, 'a tensor layers.0.weight [out, in]', {
      toString: () => (first ? `shape [${first.shape.join(', ')}]` : 'none'),
    });
  }
  const model = createModel(modelSpecOf(config, first.shape[1]!, plan), {
    kernels: referenceKernels,
    dtype: config.dtype,
    capacity: 1,
    rng: createRng(config.seed),
  });
  loadSafetensorsIntoModel(model, bytes, file);
  const { modelJson, weights } = modelToTfjs(model, 'gradscope');
  writeFilesAtomically(argument, out, {
    'model.json': `${JSON.stringify(modelJson, null, 2)}\n`,
    [TFJS_WEIGHTS_FILE]: weights,
  });
  const licence = licenceOf(config.data);
  io.stdout(`tfjs: ${join(out, 'model.json')}\n${licence ? `data: ${licence}\n` : ''}`);
  return 0;
}
