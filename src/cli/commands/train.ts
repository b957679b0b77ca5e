// `gradscope train`: resolve flags into a config, train, print the summary (table or --json),
// and optionally save the run. All inputs are validated before any file is written.

import {
  type ConfigInput,
  createTrainer,
  formatDiagnosis,
  isCsvSource,
  modelToSafetensors,
  nonFiniteError,
  prepareData,
  resolveConfig,
  runTraining,
  type TrainResult,
  UsageError,
} from '../../index.js';
import { formatHelp, parseArgs } from '../args.js';
import { fmt, table } from '../format.js';
import { readInitFlags } from '../init-from.js';
import { readText } from '../io.js';
import { kernelsFor } from '../kernels.js';
import { trainProgress } from '../progress.js';
import { checkOutDir, writeFilesAtomically } from '../run-files.js';
import { TRAIN_FLAGS } from '../train-flags.js';
import type { CommandIO } from './types.js';

export const TRAIN_USAGE = 'usage: gradscope train [flags]';

export function formatTrainResult(r: TrainResult): string {
  const c = r.config;
  const head = `trained ${c.hidden.join('-')} ${c.activation} (${c.init}) on ${c.data}: ${r.steps} steps, batch ${r.plan.batchSize}, loss ${r.plan.loss}`;
  const acc = (a: number | undefined): string => (a === undefined ? '-' : `${(a * 100).toFixed(1)}%`);
  const t = r.final.train;
  const evalRows = [['train', fmt(t.loss), fmt(t.penalty), fmt(t.objective), acc(t.accuracy)]];
  if (r.final.val) evalRows.push(['val', fmt(r.final.val.loss), '-', '-', acc(r.final.val.accuracy)]);
  const evals = table(['set', 'loss', 'penalty', 'loss+penalty', 'accuracy'], evalRows);
  const layers = table(
    ['layer', 'shape', 'activation', '‖W‖_F', '‖∂L/∂W‖_F', 'signalGradNorm'],
    r.layers.map((l) => [
      String(l.index),
      `${l.fanIn}→${l.fanOut}`,
      l.activation,
      fmt(l.weightNorm),
      fmt(l.gradNorm),
      fmt(l.signalGradNorm),
    ]),
  );
  return `${head}\n\n${evals}\n\n${layers}\n`;
}

export async function runTrain(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positional } = parseArgs('train', argv, TRAIN_FLAGS);
  if (values.help) {
    io.stdout(formatHelp(TRAIN_USAGE, TRAIN_FLAGS));
    return 0;
  }
  if (positional.length > 0) {
    throw new UsageError('gradscope train', 'only flags (--name value)', positional.join(' '));
  }
  const { json, out, initFrom, initFromPartial, help: _help, ...rest } = values;
  const init = readInitFlags({ initFrom, initFromPartial }, rest, io);
  const config = resolveConfig({ ...init?.settings, ...rest } as ConfigInput);
  const csv = isCsvSource(config.data) ? readText('--data', config.data, 'CSV file') : undefined;
  const data = prepareData(config, csv);
  const kernels = await kernelsFor(config.dtype);
  const trainer = createTrainer(config, data, { kernels });
  init?.load(trainer.model);
  if (typeof out === 'string') checkOutDir('--out', out); // fail before the work, not after it
  const lines: string[] = [];
  const progress = trainProgress(io, trainer.plan.totalSteps);
  const result = runTraining(trainer, {
    onLog(entry) {
      lines.push(JSON.stringify(entry));
      progress.update(entry.step, fmt(entry.loss));
    },
  });
  progress.done();
  if (typeof out === 'string') {
    const { version, config: resolved, plan } = result;
    writeFilesAtomically('--out', out, {
      'config.json': `${JSON.stringify({ version, config: resolved, plan }, null, 2)}\n`,
      'metrics.jsonl': `${lines.join('\n')}\n`,
      'summary.json': `${JSON.stringify(result, null, 2)}\n`,
      'model.safetensors': modelToSafetensors(trainer.model),
    });
  }
  io.stdout(
    json
      ? `${JSON.stringify(result)}\n`
      : `${formatTrainResult(result)}\n${formatDiagnosis(result.diagnosis)}`,
  );
  // NOTE: a NaN/Inf stops the run; the document (and --out files) still describe it, but the exit
  // code says it failed, with one line naming the first tensor, layer and step.
  if (result.nonFinite) throw nonFiniteError(result.nonFinite);
  return 0;
}
