// `gradscope train`: resolve flags into a config, train, print the summary (table or --json),
// and optionally save the run as it goes (--out DIR, train-dir.ts) or continue one (--resume DIR).
// All inputs are validated before any file is written. The history in memory is bounded
// (HISTORY_LIMIT entries, thinned, with an exact digest for the verdict), so a run of any length fits.

import { join } from 'node:path';
import {
  type ConfigInput,
  createTrainer,
  type DecodedCheckpoint,
  decodeCheckpoint,
  formatDiagnosis,
  formatTheory,
  type HistoryEntry,
  licenceOf,
  nonFiniteError,
  parseRunConfig,
  predictRun,
  prepareData,
  RUN_FORMAT_VERSION,
  type RunTheory,
  resolveConfig,
  runTraining,
  type TrainConfig,
  type TrainResult,
  UsageError,
} from '../../index.js';
import { readBytes, readText } from '../../node/io.js';
import { formatHelp, parseArgs } from '../args.js';
import { dataSourceOf } from '../data-source.js';
import { fmt, table } from '../format.js';
import { readInitFlags } from '../init-from.js';
import { kernelsFor } from '../kernels.js';
import { trainProgress } from '../progress.js';
import { checkOutDir } from '../run-files.js';
import { CHECKPOINT_FILE, codeVersion, HISTORY_LIMIT, RUN_FILES, trainInDir } from '../train-dir.js';
import { TRAIN_FLAGS } from '../train-flags.js';
import type { CommandIO } from './types.js';

export const TRAIN_USAGE = 'usage: gradscope train [flags]';

/** The summary; with `theory`, each layer's predicted factor beside its measured signalRatio. */
export function formatTrainResult(r: TrainResult, theory?: RunTheory): string {
  const c = r.config;
  const net = c.hidden.length === 0 ? 'a linear model' : `${c.hidden.join('-')} ${c.activation}`;
  const head = `trained ${net} (${c.init}) on ${c.data}: ${r.steps} steps, batch ${r.plan.batchSize}, loss ${r.plan.loss}`;
  const acc = (a: number | undefined): string => (a === undefined ? '-' : `${(a * 100).toFixed(1)}%`);
  const t = r.final.train;
  const evalRows = [['train', fmt(t.loss), fmt(t.penalty), fmt(t.objective), acc(t.accuracy)]];
  if (r.final.val) evalRows.push(['val', fmt(r.final.val.loss), '-', '-', acc(r.final.val.accuracy)]);
  const evals = table(['set', 'loss', 'penalty', 'loss+penalty', 'accuracy'], evalRows);
  const predicted = theory?.applies ? theory.layers : null;
  const layers = table(
    [
      'layer',
      'shape',
      'activation',
      '‖W‖_F',
      '‖∂L/∂W‖_F',
      'signalGradNorm',
      'signalRatio',
      ...(predicted ? ['theory √χ'] : []),
    ],
    r.layers.map((l, i) => [
      String(l.index),
      `${l.fanIn}→${l.fanOut}`,
      l.activation,
      fmt(l.weightNorm),
      fmt(l.gradNorm),
      fmt(l.signalGradNorm),
      fmt(l.signalRatio ?? undefined),
      ...(predicted ? [fmt(predicted[i]?.factor ?? undefined)] : []),
    ]),
  );
  const licence = licenceOf(c.data);
  const prediction = theory ? `\n${formatTheory(theory)}` : '';
  return `${head}\n${licence ? `data: ${licence}\n` : ''}\n${evals}\n\n${layers}\n${prediction}`;
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
  const { json, out, initFrom, initFromPartial, resume, checkpointEvery, help: _help, ...rest } = values;
  const every = checkpointEvery === undefined ? null : positiveInteger('--checkpoint-every', checkpointEvery);
  if (every !== null && out === undefined && resume === undefined)
    throw new UsageError('--checkpoint-every', 'a run directory (--out DIR or --resume DIR)', 'neither');
  const resumed =
    typeof resume === 'string' ? readResume(resume, rest, { out, initFrom, initFromPartial }) : null;
  const init = resumed ? null : readInitFlags({ initFrom, initFromPartial }, rest, io);
  const config = resumed ? resumed.config : resolveConfig({ ...init?.settings, ...rest } as ConfigInput);
  const data = prepareData(config, dataSourceOf(config));
  const kernels = await kernelsFor(config, data);
  const trainer = createTrainer(config, data, { kernels });
  init?.load(trainer.model);
  const dir = resumed ? (resume as string) : typeof out === 'string' ? out : null;
  if (dir !== null) checkOutDir(resumed ? '--resume' : '--out', dir, RUN_FILES); // fail before the work, not after it
  const progress = trainProgress(io, trainer.plan.totalSteps);
  const onLog = (entry: HistoryEntry): void => progress.update(entry.step, fmt(entry.loss));
  const { result, signal } =
    dir !== null
      ? await trainInDir(trainer, {
          argument: resumed ? '--resume' : '--out',
          dir,
          checkpointEvery: every,
          resume: resumed?.checkpoint ?? null,
          onLog,
        })
      : { result: runTraining(trainer, { onLog }, { maxHistory: HISTORY_LIMIT }), signal: null };
  progress.done();
  io.stdout(
    json
      ? `${JSON.stringify(result)}\n`
      : `${formatTrainResult(result, predictRun(config, data.train, trainer.plan.outputDim))}\n${formatDiagnosis(result.diagnosis)}`,
  );
  if (signal !== null) {
    io.stderr(
      `gradscope: ${signal} at step ${result.steps}: checkpoint written; gradscope train --resume ${dir} continues\n`,
    );
    return signal === 'SIGINT' ? 130 : 143;
  }
  // NOTE: a NaN/Inf stops the run (the saved weights are the last finite ones); the document (and --out
  // files) still describe it, but the exit code says it failed, with one line naming the first tensor,
  // layer and step. With --on-nonfinite skip a run that recovered and ran to its end succeeded.
  const stoppedEarly = result.steps < result.plan.totalSteps;
  if (result.nonFinite && (config.onNonfinite === 'stop' || stoppedEarly))
    throw nonFiniteError(result.nonFinite);
  return 0;
}

function positiveInteger(flag: string, value: string | boolean): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(flag, 'an integer ≥ 1', value);
  return n;
}

/** The config and checkpoint of DIR, checked against this code and its own config.json. */
function readResume(
  dir: string,
  flags: Record<string, string | boolean>,
  others: { out: unknown; initFrom: unknown; initFromPartial: unknown },
): { config: TrainConfig; checkpoint: DecodedCheckpoint } {
  const extra = [
    ...(others.out !== undefined ? ['out'] : []),
    ...(others.initFrom !== undefined ? ['initFrom'] : []),
    ...(others.initFromPartial !== undefined ? ['initFromPartial'] : []),
    ...Object.keys(flags).filter((k) => k !== 'steps'),
  ];
  if (extra.length > 0) {
    const named = extra.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new UsageError(
      '--resume',
      `only --steps, --checkpoint-every and --json beside it (the run's settings are in ${dir}/config.json)`,
      named.join(' '),
    );
  }
  const configPath = join(dir, 'config.json');
  const file = parseRunConfig(readText('--resume', configPath, 'config.json'), configPath);
  const path = join(dir, CHECKPOINT_FILE);
  const checkpoint = decodeCheckpoint(
    readBytes('--resume', path, 'checkpoint (train --out DIR --checkpoint-every k writes it)'),
    path,
  );
  const { info } = checkpoint;
  const version = codeVersion();
  if (info.codeVersion !== version || info.runFormat !== RUN_FORMAT_VERSION)
    throw new UsageError(
      '--resume',
      `a checkpoint written by gradscope ${version}`,
      `${path} (${info.codeVersion})`,
    );
  const differs = (Object.keys(file.config) as (keyof TrainConfig)[]).find(
    (k) =>
      k !== 'steps' && k !== 'epochs' && JSON.stringify(file.config[k]) !== JSON.stringify(info.config[k]),
  );
  if (differs)
    throw new UsageError(
      '--resume',
      `a checkpoint of the config in ${configPath}`,
      `${path} (${differs} differs)`,
    );
  const steps = flags.steps;
  // through resolveConfig, so the config has the same keys in the same order as a fresh run's
  const config = resolveConfig({
    ...file.config,
    ...(steps === undefined ? {} : { steps: steps as string, epochs: null }),
  } as ConfigInput);
  if (steps !== undefined && (config.steps ?? 0) < info.step)
    throw new UsageError('--steps', `≥ ${info.step} (the checkpoint's step) with --resume`, steps);
  return { config, checkpoint };
}
