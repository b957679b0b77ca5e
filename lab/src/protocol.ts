// Messages between the page and the training worker. Numbers travel as typed arrays (transferred, not
// copied); NaN marks "not measured". The page only draws what arrives here.

import type { ConfigInput, LayerHistograms } from '../../src/index.js';
import type { GridPredictions, ImageSet } from './image-grid-data.js';
export type ToWorker =
  | {
      readonly type: 'configure';
      readonly config: ConfigInput;
      readonly csv: string | null;
      /** continue from the current weights (only the step's lr, penalties or clip changed) when it can */
      readonly resume: boolean;
    }
  /** how fast to step (epochs per second; null = as fast as it goes) and where to stop (null = never) */
  | { readonly type: 'pace'; readonly epochsPerSec: number | null; readonly limit: number | null }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step'; readonly count: number }
  | { readonly type: 'reset' }
  | { readonly type: 'export' }
  /** the network view's edit: W_layer[row, col] = value; the run goes on from it */
  | {
      readonly type: 'set-weight';
      readonly layer: number;
      readonly row: number;
      readonly col: number;
      readonly value: number;
    };

/** 0 = working, 1 = dead (z ≤ 0 on every training row), 2 = saturated (f' ≈ 0 on most rows) */
export type UnitState = 0 | 1 | 2;

/** What the network view draws: input, hidden and output columns of `widths` units. */
export type NetworkSnapshot = {
  readonly step: number;
  /** units per column: the model's inputs, then each Dense layer's outputs */
  readonly widths: readonly number[];
  /** the input columns' names (x₁, x₂, or the chosen features x₁², sin x₁ …) */
  readonly inputs: readonly string[];
} & (
  | {
      /** every unit and link */
      readonly kind: 'units';
      /** per Dense layer, (O, I) W and ∂L/∂W of the last step */
      readonly weights: readonly Float32Array[];
      readonly grads: readonly Float32Array[];
      /** per hidden layer, (O) UnitState over the training rows */
      readonly units: readonly Uint8Array[];
      /** (units of every Dense layer, 16·16) each unit's output over the input plane; null without a plane */
      readonly thumbs: Float32Array | null;
    }
  | {
      /** one column per layer: too many units to draw */
      readonly kind: 'summary';
      /** per Dense layer: RMS |w|, ‖∂L/∂W_l‖, dead and saturated unit counts (NaN: not this activation) */
      readonly weightRms: Float64Array;
      readonly gradNorm: Float64Array;
      readonly dead: Float64Array;
      readonly saturated: Float64Array;
    }
);

export interface Points {
  /** (N, D) inputs of the points drawn (D ≤ 2) */
  readonly x: Float64Array;
  /** (N) label or target */
  readonly y: Float64Array;
  readonly n: number;
}

export interface RunInfo {
  readonly runId: number;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly loss: string;
  readonly inputDim: number;
  readonly numClasses: number;
  /** Dense layers (hidden + output) */
  readonly layers: number;
  readonly batchSize: number;
  readonly params: number;
  readonly train: Points;
  readonly val: Points | null;
  /** [xmin, xmax, ymin, ymax] of the plotted region */
  readonly extent: readonly [number, number, number, number];
  /** the mean-field prediction of this network (predictRun, as train and diagnose print it) */
  readonly theory: LabTheory;
  /** image data (Fashion-MNIST, MNIST): the validation images the grid shows in place of the boundary */
  readonly images?: ImageSet | null;
  /** the model's inputs computed from x₁, x₂ (the points above stay in the x₁, x₂ plane); null = as given */
  readonly features: readonly string[] | null;
}

export interface LabTheory {
  /** predicted D_l RMS gain (√χ per layer) beside each measured signalRatio; null where the theory does not apply */
  readonly factors: readonly (number | null)[] | null;
  /** "theory: χ₁ = 0.06 (ordered), ξ_c = 0.35 layers; this net has 20, ≈ 57 ξ_c", or why it does not apply */
  readonly sentence: string;
}

export interface Finding {
  readonly code: string;
  readonly layers: readonly number[];
  readonly explanation: string;
  /** the measured numbers behind it, as the run document holds them */
  readonly evidence: Readonly<Record<string, unknown>>;
  /** the fixes the lab can apply, in its control names: "use Activation relu Init he-normal (…), or …" */
  readonly suggestion: string | null;
  /** the first of them as lab settings (keys → values), applied by "Apply fix" */
  readonly fix: Readonly<Record<string, string>> | null;
  /** that first fix in words */
  readonly fixText: string | null;
  /** without a fix: why the lab cannot apply one */
  readonly noFix: string | null;
}

export interface Diagnosis {
  /** 'healthy' or the finding codes */
  readonly verdict: readonly string[];
  readonly findings: readonly Finding[];
  /** the step it was computed at */
  readonly step: number;
}

export interface Boundary {
  /** 2D: a (n, n) grid of p(class 1) (binary), class index + confidence (multiclass); 1D: curve y */
  readonly kind: 'grid' | 'curve' | 'none';
  readonly n: number;
  /** grid: (n·n) value in [0, 1] per cell, row 0 at the top; curve: (n) predicted y */
  readonly values: Float32Array;
  /** multiclass grid: (n·n) argmax class; otherwise empty */
  readonly classes: Uint8Array;
}

/** The last logged evaluation, for the live numbers; NaN where not measured. */
export interface LatestNumbers {
  readonly step: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  readonly trainAcc: number;
  readonly valAcc: number;
}

export interface RunUpdate {
  readonly runId: number;
  readonly step: number;
  /** the step limit (null = none) and whether the run stopped there */
  readonly limit: number | null;
  readonly atLimit: boolean;
  readonly latest: LatestNumbers | null;
  readonly epoch: number;
  readonly playing: boolean;
  /** updates per second over the last second of wall time; 0 once paused or stopped */
  readonly stepsPerSec: number;
  /** when `step` was read, in the worker's clock as ms since the epoch (performance.timeOrigin + now) */
  readonly at: number;
  /** new curve points since the previous update */
  readonly curve: {
    readonly step: Float64Array;
    readonly trainLoss: Float64Array;
    readonly valLoss: Float64Array;
    readonly trainAcc: Float64Array;
    readonly valAcc: Float64Array;
    /** the logged step's own batch loss (plotted where the whole-set evaluation is not finite) */
    readonly batchLoss: Float64Array;
  };
  /** new heatmap columns since the previous update: (k, L) ‖∂L/∂W_l‖_F, step of each column */
  readonly heat: {
    readonly step: Float64Array;
    readonly gradNorm: Float64Array;
    /** (k, L) per-example ‖∂ℓ/∂z_l‖, the signal the diagnosis quotes */
    readonly signal: Float64Array;
  };
  /** the step of the last Jacobian probe (layers.jacobianNorm), null before the first */
  readonly probeStep: number | null;
  /** per-layer values at the latest measured step, each (L) */
  readonly layers: {
    readonly gradNorm: Float64Array;
    readonly signalRatio: Float64Array;
    readonly jacobianNorm: Float64Array;
    readonly deadFraction: Float64Array;
    readonly saturatedFraction: Float64Array;
  };
  readonly clip: {
    readonly enabled: boolean;
    readonly preNorm: number;
    readonly postNorm: number;
    /** fraction of the steps since the previous update that were clipped */
    readonly clippedShare: number;
    readonly clippedTotal: number;
  };
  readonly diagnosis: Diagnosis | null;
  readonly boundary: Boundary | null;
  /** image data: the predicted class of each grid image, when recomputed */
  readonly grid?: GridPredictions | null;
  /** the decade histograms of h_l and ∂ℓ/∂z_l at a logged step, when a new one was measured */
  readonly histograms?: { readonly step: number; readonly layers: LayerHistograms } | null;
  /** the network view's numbers, when refreshed */
  readonly network: NetworkSnapshot | null;
}

export type FromWorker =
  /** continued: the same run goes on from its weights with new settings (its views keep their history) */
  | { readonly type: 'ready'; readonly info: RunInfo; readonly continued: boolean }
  | { readonly type: 'update'; readonly update: RunUpdate }
  | {
      readonly type: 'error';
      readonly message: string;
      /** configure: the new settings were refused and the previous run goes on; run: training stopped */
      readonly phase: 'configure' | 'run';
    }
  | {
      readonly type: 'export';
      readonly json: string;
      readonly safetensors: ArrayBuffer;
    };
