// The mean-field prediction of a run, derived once from its config and widths: the CLI's train and
// diagnose tables, the vanishing and exploding findings, the report and the lab all read it from here.
// Without the data's input moment (a saved run), every layer is predicted at the fixed point q*.

import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import { parseBiasInit, parseInit, weightVariance } from '../init.js';
import type { NoPrediction, TheoryNet, TheoryPrediction } from '../theory/index.js';
import { predictTheory } from '../theory/index.js';
import type { RunDocument } from './run-document.js';

export type RunTheory = TheoryPrediction | NoPrediction;

/** What the prediction reads of a config (a resolved config or a saved document's). */
export interface TheoryConfig {
  readonly hidden: readonly number[];
  readonly activation: string;
  readonly init: string;
  readonly biasInit: number | string;
  readonly norm: 'none' | 'layer' | 'batch';
  readonly residual: boolean;
  readonly dropout?: number;
}

/** The network as the theory sees it: σ_w² of every Dense layer, σ_b², and what would void the maps. */
export function theoryNetOf(config: TheoryConfig, inputDim: number, outputDim: number): TheoryNet {
  const init = parseInit(config.init);
  const dims = [inputDim, ...config.hidden, outputDim];
  const weightVariances = dims.slice(0, -1).map((I, l) => weightVariance(init, dims[l + 1]!, I));
  return {
    activation: config.activation,
    hidden: config.hidden,
    weightVariances,
    biasVariance: parseBiasInit(config.biasInit).variance,
    norm: config.norm,
    residual: config.residual,
    dropout: config.dropout ?? 0,
    ...(init.name === 'orthogonal' ? { orthogonal: true } : {}),
  };
}

/** E‖x‖²/I over a dataset's rows: the input's share of q_0 = σ_w,0² E‖x‖²/I + σ_b². */
export function inputMeanSquare(data: Dataset): number {
  const n = data.n * data.inputDim;
  let s = 0;
  for (let i = 0; i < n; i++) s += data.x[i]! ** 2;
  return n > 0 ? s / n : 0;
}

/** The prediction for a run about to train on `train` (q_0 from the data). */
export function predictRun(config: TheoryConfig, train: Dataset, outputDim: number): RunTheory {
  return predictTheory(theoryNetOf(config, train.inputDim, outputDim), inputMeanSquare(train));
}

/** The prediction for a saved or finished run, from its config and its layers' widths; null without them. */
export function predictDocument(doc: Pick<RunDocument, 'config' | 'layers'>): RunTheory | null {
  const first = doc.layers[0];
  const last = doc.layers[doc.layers.length - 1];
  if (first?.fanIn === undefined || last === undefined) return null;
  const c = doc.config;
  try {
    return predictDocumentOf(c, first.fanIn, last.fanOut);
  } catch (err) {
    // NOTE: a document from elsewhere (a TF.js import) may name an initializer or activation gradscope
    // does not draw; the theory then has nothing to say, and a diagnosis must not fail for it
    if (err instanceof UsageError) return null;
    throw err;
  }
}

function predictDocumentOf(c: RunDocument['config'], inputDim: number, outputDim: number): RunTheory {
  return predictTheory(
    theoryNetOf(
      {
        hidden: c.hidden,
        activation: c.activation,
        init: c.init,
        biasInit: c.biasInit,
        norm: c.norm,
        residual: c.residual,
        dropout: c.dropout,
      },
      inputDim,
      outputDim,
    ),
  );
}

/**
 * The prediction as text: the phase, χ₁, √χ₁ and the depth scales, or why the theory does not apply.
 * With `measured` (each Dense layer's signalRatio), a per-layer line of measured against predicted.
 */
export function formatTheory(p: RunTheory, measured?: readonly (number | null | undefined)[]): string {
  if (!p.applies) return `theory (mean field): does not apply: ${p.reasons.join('; ')}\n`;
  const xi = (x: number) => (Number.isFinite(x) ? fmt4(x) : '∞');
  const lines = [
    `theory (mean field, at init): ${p.activation}, σ_w² = ${fmt4(p.sigmaW2)}, σ_b² = ${fmt4(p.sigmaB2)}: q* = ${fmt4(p.qStar)}, χ₁ = ${fmt4(p.chi1)} → ${p.phase} (edge of chaos at σ_w² = ${fmt4(p.criticalSigmaW2)})`,
    `  predicted factor √χ₁ = ${fmt4(p.factor)} per layer; ξ_c = ${xi(p.xiC)}, ξ_q = ${xi(p.xiQ)} layers; this net has ${p.depth} hidden layer${p.depth === 1 ? '' : 's'}${Number.isFinite(p.xiC) && p.xiC > 0 ? ` (${fmt4(p.depth / p.xiC)} ξ_c; trainable needs L ≲ 6ξ_c = ${fmt4(6 * p.xiC)})` : ''}`,
  ];
  if (measured) {
    const pairs = p.layers.flatMap((l, i) =>
      l.factor === null
        ? []
        : [`${i}: ${measured[i] == null ? '-' : fmt4(measured[i]!)} / ${fmt4(l.factor)}`],
    );
    lines.push(`  signalRatio measured / predicted: ${pairs.join(', ')}`);
  }
  for (const c of p.caveats) lines.push(`  caveat: ${c}`);
  return `${lines.join('\n')}\n`;
}

/** Four significant digits: the reference values (χ₁ = 0.7590, σ_w² = 1.761) read as they are printed. */
function fmt4(x: number): string {
  const a = Math.abs(x);
  return a >= 1e4 || (a !== 0 && a < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}
