// `overfitting`: few noisy 2D samples on a wide ReLU net, with the notes' ½λΣ‖W‖² penalty (--l2) swept
// over 0 and 1e-5 … 1. Per λ: train/validation loss and accuracy, the weight norm, the decision
// boundary's sharpness (the diagnostics probe), the diagnosis, and boundary pictures for small, best and
// large λ. Expected shape: validation loss U-shaped in λ; verdicts overfitting → healthy → underfitting.

import type { FindingCode } from '../diagnostics/finding.js';
import { runTraining } from '../train/run.js';
import { boundaryField } from './boundary.js';
import { experimentTrainer, progress } from './setup.js';
import type { ExperimentOptions, ExperimentResult, FieldChart, LineChart, Table } from './types.js';

/** λ = 0, then one per decade from 1e-5 to 1. */
export const OVERFIT_LAMBDAS = [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1] as const;
const STEPS = 1500;
const LOG_EVERY = 25;
const HIDDEN = '64,64';
/** where λ = 0 sits on the log axis of the charts */
const ZERO_AT = 1e-6;
/** sharpness below this (a network collapsed to P ≈ const) is left off the weight/sharpness chart */
const SHARPNESS_FLOOR = 1e-3;

export type FitVerdict = 'overfitting' | 'healthy' | 'underfitting';

export interface OverfitRun {
  readonly lambda: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number | null;
  readonly valLoss: number;
  readonly valAccuracy: number | null;
  /** √(Σ_l ‖W_l‖_F²) at the end */
  readonly weightNorm: number;
  /** mean ‖∂P/∂x‖ over a grid covering the data (diagnostics' decision-boundary sharpness) */
  readonly sharpness: number;
  /** max ‖∂P/∂x‖ over the same grid: the steepest edge */
  readonly sharpnessMax: number;
  /** the diagnosis: 'healthy' or the finding codes */
  readonly verdict: 'healthy' | readonly FindingCode[];
  /** the fit part of the verdict */
  readonly fit: FitVerdict;
  readonly steps: readonly number[];
  readonly valCurve: readonly (number | null)[];
}

export interface OverfittingData {
  readonly runs: readonly OverfitRun[];
  readonly bestLambda: number;
  /** the best λ is neither the first nor the last of the sweep */
  readonly uShaped: boolean;
}

function fitOf(verdict: OverfitRun['verdict']): FitVerdict {
  if (verdict === 'healthy') return 'healthy';
  if (verdict.includes('overfitting')) return 'overfitting';
  return verdict.includes('underfitting') ? 'underfitting' : 'healthy';
}

const lambdaLabel = (l: number): string => (l === 0 ? '0' : l.toExponential(0).replace('e+', 'e'));

export async function runOverfitting(opts: ExperimentOptions): Promise<ExperimentResult<OverfittingData>> {
  const runs: OverfitRun[] = [];
  const fields = new Map<number, FieldChart>();
  const pictures: number[] = [];
  for (const lambda of OVERFIT_LAMBDAS) {
    const trainer = await experimentTrainer(
      {
        data: 'circle',
        noise: 1,
        samples: 400,
        // NOTE: 100 training points and 300 validation points: few samples to overfit, and a
        // validation loss precise enough to show the U.
        valSplit: 0.75,
        hidden: HIDDEN,
        activation: 'relu',
        init: 'he-normal',
        optimizer: 'adam',
        lr: 0.01,
        batchSize: 'full',
        steps: STEPS,
        l2: lambda,
        logEvery: LOG_EVERY,
        seed: opts.seed,
      },
      opts,
    );
    const result = runTraining(trainer);
    const { train, val } = result.final;
    const history = result.history.filter((h) => h.val !== undefined);
    runs.push({
      lambda,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy ?? null,
      valLoss: val?.loss ?? Number.NaN,
      valAccuracy: val?.accuracy ?? null,
      weightNorm: Math.sqrt(result.layers.reduce((s, l) => s + l.weightNorm ** 2, 0)),
      sharpness: result.probes.at(-1)?.sharpness.mean ?? Number.NaN,
      sharpnessMax: result.probes.at(-1)?.sharpness.max ?? Number.NaN,
      verdict: result.diagnosis.verdict,
      fit: fitOf(result.diagnosis.verdict),
      steps: history.map((h) => h.step),
      valCurve: history.map((h) => h.val?.loss ?? null),
    });
    fields.set(lambda, boundaryField(trainer, trainer.data.train, 48, `λ = ${lambdaLabel(lambda)}`));
    progress(opts, runs.length, OVERFIT_LAMBDAS.length, `overfitting: λ = ${lambdaLabel(lambda)}`);
  }
  const best = runs.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
  const bestIndex = runs.indexOf(best);
  const uShaped = bestIndex > 0 && bestIndex < runs.length - 1;
  pictures.push(runs[0]!.lambda, best.lambda, runs.at(-1)!.lambda);

  const table: Table = {
    title: `circle, noise 1 (label flips near the boundary), 100 train / 300 validation points, ReLU ${HIDDEN}, Adam lr 0.01, ${STEPS} full-batch steps`,
    columns: [
      'λ',
      'train loss',
      'train acc',
      'val loss',
      'val acc',
      '√Σ‖W_l‖²',
      'sharpness mean ‖∂P/∂x‖',
      'max ‖∂P/∂x‖',
      'diagnosis',
      'fit',
    ],
    rows: runs.map((r) => [
      lambdaLabel(r.lambda) + (r === best ? ' (best)' : ''),
      r.trainLoss,
      r.trainAccuracy,
      r.valLoss,
      r.valAccuracy,
      r.weightNorm,
      r.sharpness,
      r.sharpnessMax,
      r.verdict === 'healthy' ? 'healthy' : r.verdict.join(', '),
      r.fit,
    ]),
    note: 'diagnosis: the diagnostics module’s verdict on the whole run document; fit: its overfitting/underfitting part. Sharpness: mean and max over a 40×40 grid covering the data of ‖∂P(class 1)/∂x‖ (max = the steepest edge).',
  };
  const xs = runs.map((r) => (r.lambda === 0 ? ZERO_AT : r.lambda));
  const lossChart: LineChart = {
    kind: 'line',
    title: `Loss against λ (λ = 0 drawn at ${ZERO_AT})`,
    xLabel: 'λ',
    yLabel: 'loss (bce)',
    xLog: true,
    yLog: true,
    x: xs,
    series: [
      { label: 'train', y: runs.map((r) => r.trainLoss) },
      { label: 'validation', y: runs.map((r) => r.valLoss) },
    ],
  };
  const accChart: LineChart = {
    kind: 'line',
    title: 'Accuracy against λ',
    xLabel: 'λ',
    yLabel: 'accuracy',
    xLog: true,
    x: xs,
    series: [
      { label: 'train', y: runs.map((r) => r.trainAccuracy) },
      { label: 'validation', y: runs.map((r) => r.valAccuracy) },
    ],
  };
  // NOTE: a collapsed network's sharpness (~1e-25) would stretch the log axis over 30 decades and flatten
  // the curves where λ matters; such values are left off the chart and named in its title.
  const flat = runs.filter((r) => r.sharpnessMax < SHARPNESS_FLOOR);
  const shown = (v: number): number | null => (v < SHARPNESS_FLOOR ? null : v);
  const weightChart: LineChart = {
    kind: 'line',
    title: `Weight norm and boundary sharpness against λ${flat.length ? ` (not drawn: sharpness < ${SHARPNESS_FLOOR} at λ = ${flat.map((r) => lambdaLabel(r.lambda)).join(', ')}, the collapsed networks)` : ''}`,
    xLabel: 'λ',
    yLabel: 'value',
    xLog: true,
    yLog: true,
    x: xs,
    series: [
      { label: '√Σ‖W_l‖²', y: runs.map((r) => r.weightNorm) },
      { label: 'sharpness: mean ‖∂P/∂x‖', y: runs.map((r) => shown(r.sharpness)) },
      { label: 'sharpness: max ‖∂P/∂x‖', y: runs.map((r) => shown(r.sharpnessMax)) },
    ],
  };
  const curveChart: LineChart = {
    kind: 'line',
    title: 'Validation loss during training, per λ',
    xLabel: 'step',
    yLabel: 'validation loss',
    yLog: true,
    x: runs[0]!.steps,
    series: runs.map((r) => ({ label: `λ=${lambdaLabel(r.lambda)}`, y: r.valCurve })),
  };
  const fieldCharts = pictures.map((l) => {
    const f = fields.get(l)!;
    const tag = l === best.lambda ? 'best' : l === runs[0]!.lambda ? 'smallest' : 'largest';
    return {
      ...f,
      title: `Decision boundary, ${tag} λ = ${lambdaLabel(l)}: P(class 1) and the training points`,
    };
  });
  const zero = runs[0]!;
  const last = runs.at(-1)!;
  return {
    name: 'overfitting',
    title: 'L2 regularization against overfitting',
    claim:
      'Large weights make sharp edges that fit noise; the penalty ½λΣ‖W_k‖² keeps weights small and functions smooth. Large λ → smoother but potentially underfit; small λ → potentially overfit.',
    seed: opts.seed,
    findings: [
      `Best λ = ${lambdaLabel(best.lambda)} (validation loss ${best.valLoss.toFixed(3)}, accuracy ${((best.valAccuracy ?? 0) * 100).toFixed(1)}%), strictly inside the sweep: ${uShaped ? 'yes, the validation curve is U-shaped' : 'NO'}.`,
      `λ = 0: train loss ${zero.trainLoss.toExponential(1)} but validation ${zero.valLoss.toFixed(2)}, sharpness mean ${zero.sharpness.toFixed(2)} / max ${zero.sharpnessMax.toFixed(1)}, √Σ‖W‖² = ${zero.weightNorm.toFixed(1)}; at the best λ: sharpness mean ${best.sharpness.toFixed(2)} / max ${best.sharpnessMax.toFixed(1)}, √Σ‖W‖² = ${best.weightNorm.toFixed(1)}.`,
      `The steepest edge falls as λ grows: max ‖∂P/∂x‖ = ${runs.map((r) => (r.sharpnessMax >= 0.01 ? r.sharpnessMax.toFixed(1) : r.sharpnessMax.toExponential(0))).join(', ')} for λ = ${runs.map((r) => lambdaLabel(r.lambda)).join(', ')}.`,
      `λ = ${lambdaLabel(last.lambda)}: the weights collapse (√Σ‖W‖² = ${last.weightNorm.toExponential(1)}), P ≈ 0.5 everywhere, loss ≈ ln 2.`,
      `Fit verdicts in λ order: ${runs.map((r) => r.fit).join(' → ')}.`,
    ],
    tables: [table],
    charts: [lossChart, accChart, weightChart, curveChart, ...fieldCharts],
    data: { runs, bestLambda: best.lambda, uShaped },
  };
}
