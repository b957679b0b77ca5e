// `init`: a depth-30 ReLU network under four initializers. At init (float64): the forward activation std
// per layer, read from the activation layers' outputs, and the backward signalGradNorm. Then the loss
// after N SGD steps: a small version of He et al. 2015 (Fig. 3), where Xavier stalls and He trains.

import type { ConfigInput } from '../config.js';
import { createInstruments } from '../diagnostics/instruments.js';
import { measureLayers } from '../train/layer-stats.js';
import { dataInput, dataName, experimentTrainer, progress, trainLoop } from './setup.js';
import type { ExperimentOptions, ExperimentResult, LineChart, Table } from './types.js';

export const INIT_NAMES = ['he-normal', 'xavier-normal', 'normal:0.01', 'normal:1'] as const;
export const INIT_DEPTH = 30;
const WIDTH = 64;
const EVAL_EVERY = 25;

export interface InitOptions extends ExperimentOptions {
  /** SGD steps of the training part (default 300; 1000 with --data) */
  readonly steps?: number;
}

export type InitOutcome = 'trains' | 'stalls' | 'diverges';

export interface InitRun {
  readonly init: string;
  /** std of a_l = f(z_l) over the batch, hidden layers 1…30 */
  readonly activationStd: readonly number[];
  /** activationStd[last] / activationStd[0] */
  readonly stdRatio: number;
  /** RMS ‖∂ℓ/∂z_l‖ per Dense layer (31: 30 hidden + output) */
  readonly signal: readonly number[];
  readonly steps: readonly number[];
  /** full-training-set loss at `steps` (null after divergence) */
  readonly loss: readonly (number | null)[];
  readonly finalLoss: number | null;
  readonly valAccuracy: number | null;
  readonly divergedAt: number | null;
  readonly outcome: InitOutcome;
}

export interface InitData {
  readonly depth: number;
  readonly width: number;
  readonly trainSteps: number;
  readonly runs: readonly InitRun[];
}

const base = (init: string, opts: ExperimentOptions): ConfigInput => ({
  ...dataInput(opts, { data: 'circle', samples: 400 }, { train: 2000, val: 1000 }),
  depth: INIT_DEPTH,
  width: WIDTH,
  activation: 'relu',
  init,
  seed: opts.seed,
});

async function atInit(init: string, opts: ExperimentOptions) {
  // NOTE: float64, because normal:0.01 shrinks the signal ~0.06× per layer: 1e-37 by layer 30, the
  // bottom of float32's range.
  const trainer = await experimentTrainer(
    { ...base(init, opts), dtype: 'float64', batchSize: 256, steps: 0 },
    opts,
  );
  const instruments = createInstruments(trainer.model);
  const rec = trainer.gradients();
  instruments.measure(rec.batchSize);
  const activationStd = instruments
    .read()
    .slice(0, INIT_DEPTH)
    .map((l) => l.aStd ?? Number.NaN);
  const signal = measureLayers(trainer.model, rec.batchSize).map((l) => l.signalGradNorm);
  return { activationStd, signal };
}

async function train(init: string, steps: number, opts: ExperimentOptions) {
  const trainer = await experimentTrainer(
    { ...base(init, opts), batchSize: 32, steps, lr: 0.01, optimizer: 'sgd', logEvery: EVAL_EVERY },
    opts,
  );
  const loop = trainLoop(trainer);
  const val = loop.divergedAt === null && trainer.data.val ? trainer.evaluate(trainer.data.val) : null;
  return { loop, valAccuracy: val?.accuracy ?? null };
}

function outcome(loss: readonly (number | null)[], divergedAt: number | null): InitOutcome {
  const first = loss[0];
  const last = loss.at(-1);
  if (divergedAt !== null || first === null || first === undefined || last === null || last === undefined)
    return 'diverges';
  return last < 0.5 * first ? 'trains' : 'stalls';
}

export async function runInit(opts: InitOptions): Promise<ExperimentResult<InitData>> {
  // NOTE: on 784 pixels and 10 classes He needs ~1000 steps to halve its loss; on circle 300 do
  const trainSteps = opts.steps ?? (opts.data === undefined ? 300 : 1000);
  const runs: InitRun[] = [];
  for (const [i, init] of INIT_NAMES.entries()) {
    const start = await atInit(init, opts);
    const { loop, valAccuracy } = await train(init, trainSteps, opts);
    const std = start.activationStd;
    runs.push({
      init,
      activationStd: std,
      stdRatio: std[std.length - 1]! / std[0]!,
      signal: start.signal,
      steps: loop.steps,
      loss: loop.loss,
      finalLoss: loop.divergedAt === null ? (loop.loss.at(-1) ?? null) : null,
      valAccuracy,
      divergedAt: loop.divergedAt,
      outcome: outcome(loop.loss, loop.divergedAt),
    });
    progress(opts, i + 1, INIT_NAMES.length, `init: ${init}`);
  }

  const table: Table = {
    title: `ReLU, depth ${INIT_DEPTH}, width ${WIDTH}, ${dataName(opts, 'circle')} data: at init (float64, 256 examples) and after ${trainSteps} SGD steps (lr 0.01, batch 32)`,
    columns: [
      'init',
      'std(a_1)',
      `std(a_${INIT_DEPTH})`,
      `std ratio ${INIT_DEPTH}/1`,
      'signal layer 1',
      'signal output',
      'loss at init',
      `loss after ${trainSteps}`,
      'val accuracy',
      'outcome',
    ],
    rows: runs.map((r) => [
      r.init,
      r.activationStd[0]!,
      r.activationStd.at(-1)!,
      r.stdRatio,
      r.signal[0]!,
      r.signal.at(-1)!,
      r.loss[0] ?? 'overflow',
      r.divergedAt === null ? r.finalLoss : `diverged at step ${r.divergedAt}`,
      r.valAccuracy,
      r.outcome,
    ]),
    note: 'std(a_l): standard deviation of the ReLU outputs of hidden layer l over the batch; signal: RMS over examples of ‖∂ℓ/∂z_l‖.',
  };
  const layers = Array.from({ length: INIT_DEPTH }, (_, i) => i + 1);
  const stdChart: LineChart = {
    kind: 'line',
    title: 'Forward: activation std per layer at init',
    xLabel: 'hidden layer',
    yLabel: 'std(a_l)',
    yLog: true,
    x: layers,
    series: runs.map((r) => ({ label: r.init, y: r.activationStd })),
  };
  const signalChart: LineChart = {
    kind: 'line',
    title: 'Backward: signalGradNorm per layer at init',
    xLabel: 'Dense layer (31 = output)',
    yLabel: 'RMS ‖∂ℓ/∂z_l‖',
    yLog: true,
    x: [...layers, INIT_DEPTH + 1],
    series: runs.map((r) => ({ label: r.init, y: r.signal })),
  };
  const shown = runs.filter((r) => r.divergedAt === null);
  const hidden = runs
    .filter((r) => r.divergedAt !== null)
    .map((r) => `${r.init} diverged at step ${r.divergedAt}`);
  const lossChart: LineChart = {
    kind: 'line',
    title: `Training loss over ${trainSteps} steps${hidden.length ? ` (not shown: ${hidden.join(', ')})` : ''}`,
    xLabel: 'step',
    yLabel: 'training loss (bce)',
    yLog: true,
    x: runs[0]!.steps,
    // NOTE: normal:0.01 is dashed: it sits exactly on Xavier's flat ln 2 line, which shows through the gaps
    series: shown.map((r) => ({
      label: r.init,
      y: runs[0]!.steps.map((_, k) => r.loss[k] ?? null),
      ...(r.init === 'normal:0.01' ? { dashed: true } : {}),
    })),
  };
  const of = (name: string): InitRun => runs.find((r) => r.init === name)!;
  const he = of('he-normal');
  const xa = of('xavier-normal');
  return {
    name: 'init',
    title: 'Initialization of a deep ReLU network',
    claim:
      'He initialization, Var(W) = 2/fan-in: roughly half the activations are zero, doubling the variance keeps the signal magnitude ≈ constant and ‖D_l‖ ≈ 1.',
    seed: opts.seed,
    findings: [
      `He keeps the layer-${INIT_DEPTH} activation std at ${he.stdRatio.toFixed(2)}× layer 1; Xavier lets it fall to ${xa.stdRatio.toExponential(1)}×, i.e. ${(xa.stdRatio / he.stdRatio).toExponential(2)} of He's ratio = (1/√2)^${INIT_DEPTH - 1} = ${(2 ** (-(INIT_DEPTH - 1) / 2)).toExponential(2)}: Var(W) = 1/fan-in instead of 2/fan-in halves the variance at every one of the ${INIT_DEPTH - 1} hidden-to-hidden layers.`,
      `After ${trainSteps} steps: He ${he.finalLoss?.toFixed(3) ?? 'diverged'} (${he.outcome}), Xavier ${xa.finalLoss?.toFixed(3) ?? 'diverged'} (${xa.outcome}); normal:0.01 ${of('normal:0.01').outcome}, normal:1 ${of('normal:1').outcome}.`,
    ],
    tables: [table],
    charts: [stdChart, signalChart, lossChart],
    data: { depth: INIT_DEPTH, width: WIDTH, trainSteps, runs },
  };
}
