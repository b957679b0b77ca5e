// The verdict rules on hand-built run documents: each threshold on both sides, each vanishing cause.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { getLoss } from '../losses.js';
import { isSetFix, type SetFix } from '../record/fix.js';
import { constantPredictorLoss, heldOutBaseline } from './baseline.js';
import { diagnose } from './diagnose.js';
import { type Finding, fmt, layerList } from './finding.js';
import { fixInPlace } from './fixes.js';
import { formatDiagnosis } from './format.js';
import type { LayerInstruments } from './instruments.js';
import type { RunDocument, RunHistoryView } from './run-document.js';
import { MIN_FIT_STEPS, OVERFIT_WINDOW, UNDERFIT_LOSS_RATIO } from './thresholds.js';

const CONFIG = resolveConfig({ activation: 'tanh', init: 'xavier-normal', hidden: [4, 4], lr: 0.1, l2: 0 });

/** the final training evaluation with loss `loss` and no penalty */
const train = (loss: number) => ({ loss, penalty: 0, objective: loss });

/** a logged step: `over` on an unclipped step without instruments */
function logged(over: Partial<RunHistoryView> & Pick<RunHistoryView, 'step' | 'loss'>): RunHistoryView {
  return { epoch: 0, penalty: 0, gradNorm: [], clipPreNorm: 1, clipPostNorm: 1, clipped: false, ...over };
}

function doc(over: Partial<RunDocument> = {}): RunDocument {
  return {
    config: CONFIG,
    steps: 1000,
    final: { train: train(0.2), val: { loss: 0.25 } },
    layers: [0, 1, 2].map((index) => ({
      index,
      activation: index < 2 ? 'tanh' : 'linear',
      fanOut: index < 2 ? 4 : 1,
      weightNorm: 1,
    })),
    history: [],
    baseline: { constantLoss: 0.69 },
    ...over,
  };
}

/** instruments for L layers whose signal falls by `factor` per layer toward layer 0 */
function layers(L: number, factor: number, extra: Partial<LayerInstruments> = {}): LayerInstruments[] {
  return Array.from({ length: L }, (_, index) => ({
    index,
    weightNorm: 1,
    gradNorm: 1,
    biasGradNorm: 1,
    updateRatio: 0.01,
    signalGradNorm: factor ** (L - 1 - index),
    signalRatio: index < L - 1 ? factor : null,
    zMean: index < L - 1 ? 0 : null,
    zStd: index < L - 1 ? 1 : null,
    aMean: null,
    aStd: null,
    meanDerivative: index < L - 1 ? 0.9 : null,
    deadFraction: null,
    saturatedFraction: null,
    activationRms: null,
    ...(index < L - 1 ? extra : {}),
  }));
}

const codes = (d: RunDocument) => diagnose(d).verdict;
const only = (d: RunDocument) => diagnose(d).findings[0]!;
/** the settings each set fix of a finding writes, in order */
const sets = (f: Finding): SetFix['set'][] => f.fixes.filter(isSetFix).map((x) => x.set);

/** a loss curve: train falls throughout; val follows `val` */
function curve(val: readonly number[]): RunHistoryView[] {
  return val.map((v, i) => logged({ step: (i + 1) * 100, loss: 0.6 / (i + 1), val: { loss: v } }));
}

describe('fit rules', () => {
  const rising = [0.6, 0.5, 0.4, 0.42, 0.45, 0.5, 0.55, 0.6, 0.7];

  it(`overfitting needs val loss rising for ≥ ${OVERFIT_WINDOW} evaluations while train loss falls`, () => {
    const f = only(doc({ history: curve(rising) }));
    expect(f.code).toBe('overfitting');
    expect(f.evidence).toMatchObject({ valLossMin: 0.4, valLossMinStep: 300, valLossLast: 0.7 });
    expect(f.evidence.gap).toBeCloseTo(0.25 - 0.2, 12);
    expect(sets(f)).toContainEqual({ steps: 300 });
    const fromStart = only(doc({ history: curve([0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]) }));
    expect(sets(fromStart).some((s) => 'steps' in s)).toBe(false);
    expect(codes(doc({ history: curve(rising.slice(0, OVERFIT_WINDOW + 1)) }))).toBe('healthy');
  });

  it('a rising val loss with a rising train loss, or a rise under 5%, is not overfitting', () => {
    const up = curve(rising).map((h, i) => ({ ...h, loss: 0.1 * (i + 1) }));
    expect(codes(doc({ history: up }))).toBe('healthy');
    const flat = curve([0.5, 0.4, 0.401, 0.402, 0.403, 0.404, 0.405, 0.406]);
    expect(codes(doc({ history: flat }))).toBe('healthy');
  });

  it(`underfitting when the train loss is ≥ ${UNDERFIT_LOSS_RATIO} of the constant-predictor loss`, () => {
    const f = only(doc({ final: { train: train(0.68) } }));
    expect(f.code).toBe('underfitting');
    expect(f.evidence.lossRatio).toBeCloseTo(0.68 / 0.69, 12);
    expect(codes(doc({ final: { train: train(0.5) } }))).toBe('healthy');
  });

  it(`fit rules wait for ${MIN_FIT_STEPS} steps`, () => {
    expect(codes(doc({ steps: MIN_FIT_STEPS - 1, final: { train: train(0.69) } }))).toBe('healthy');
  });

  it('underfitting when λ > 0 collapsed Σ‖W‖² below 1% of its initial value', () => {
    const history = [
      logged({ step: 1, loss: 0.7, instruments: layers(3, 1, {}).map((l) => ({ ...l, weightNorm: 10 })) }),
    ];
    const collapsed = doc({
      config: { ...CONFIG, l2: 1 },
      history,
      layers: doc().layers.map((l) => ({ ...l, weightNorm: 0.5 })),
    });
    const f = only(collapsed);
    expect(f.code).toBe('underfitting');
    expect(f.evidence.weightShrink).toBeCloseTo(0.0025, 12);
    expect(f.fixes[0]).toMatchObject({ scale: 'l2', by: 0.01 });
  });
});

describe('findings a teacher can trust', () => {
  const rising = [0.6, 0.5, 0.4, 0.42, 0.45, 0.5, 0.55, 0.6, 0.7];

  it('a rising validation loss is not overfitting when the training loss is no better than a constant', () => {
    // the clipping preset: train and validation both near 1e5, both drifting
    const huge = curve(rising).map((h) => ({ ...h, loss: h.loss * 1e5, val: { loss: h.val!.loss * 1e5 } }));
    const d = diagnose(doc({ history: huge, final: { train: train(1.4e5), val: { loss: 5e5 } } }));
    expect(d.verdict).toEqual(['underfitting']);
  });

  it('the overfitting sentence quotes no boundary sharpness when both probes read 0', () => {
    const probe = (step: number) => ({ step, layers: [], sharpness: { max: 0, mean: 0 } });
    const f = only(doc({ history: curve(rising), probes: [probe(0), probe(900)] as never }));
    expect(f.code).toBe('overfitting');
    expect(f.explanation).not.toContain('‖∂f/∂x‖');
  });

  it('with a residual path dead-relu needs 90% of a layer dead, not 50%', () => {
    const relu = resolveConfig({ ...CONFIG, activation: 'relu', init: 'he-normal' });
    const half = layers(3, 1, { deadFraction: 0.66 });
    const at = (config: typeof relu, instruments: LayerInstruments[]) =>
      codes(doc({ config, steps: 1, history: [logged({ step: 1, loss: 0.5, instruments })] }));
    expect(at(relu, half)).toEqual(['dead-relu']);
    expect(at({ ...relu, residual: true }, half)).toBe('healthy');
    expect(at({ ...relu, residual: true }, layers(3, 1, { deadFraction: 0.95 }))).toEqual(['dead-relu']);
  });

  it('an exploding signal leads the NaN it causes, whose Apply fix is then the init that stops it', () => {
    const relu = { ...CONFIG, activation: 'relu' };
    const nonFinite = { step: 2, tensor: 'layers.9.z', layer: 9, phase: 'forward' as const };
    const d = diagnose(
      doc({
        config: relu,
        steps: 2,
        nonFinite,
        history: [logged({ step: 1, loss: 0.5, instruments: layers(21, 2) })],
      }),
    );
    expect(d.verdict).toEqual(['exploding', 'non-finite']);
    expect(d.findings[0]!.fixes[0]).toMatchObject({ set: { init: 'he-normal' } });
    expect(d.findings[1]!.fixes).toEqual(d.findings[0]!.fixes);
    expect(d.findings[1]!.explanation).toContain('It follows from the first finding above');
  });

  it('an underfitting whose λ collapsed the weights leads the vanishing signal it causes', () => {
    const shrunk = layers(3, 1e-3).map((l) => ({ ...l, weightNorm: 10 }));
    const d = diagnose(
      doc({
        config: { ...CONFIG, l2: 1 },
        history: [logged({ step: 1, loss: 0.7, instruments: shrunk })],
        layers: doc().layers.map((l) => ({ ...l, weightNorm: 0.5 })),
      }),
    );
    expect(d.verdict).toEqual(['underfitting', 'vanishing']);
  });
});

describe('gradient-flow rules', () => {
  const flow = (instruments: LayerInstruments[], over: Partial<RunDocument> = {}) =>
    doc({ steps: 1, history: [logged({ step: 1, loss: 0.5, instruments })], ...over });

  it('a per-layer factor of 0.5 over 20 layers (0.5^20 ≈ 1e-6) is vanishing; 0.8 over 20 (0.01) is not', () => {
    expect(codes(flow(layers(21, 0.5)))).toEqual(['vanishing']);
    expect(codes(flow(layers(21, 0.8)))).toBe('healthy');
  });

  it("the cause is small-derivative when E f'(z) shrinks more than the weights", () => {
    const f = only(flow(layers(21, 0.25, { meanDerivative: 0.24 })));
    expect(f.cause).toBe('small-derivative');
    expect(f.explanation).toContain("f'(z) ≈ 0.24 per layer");
    expect(f.explanation).toContain('× 20 layers → 9e-13');
  });

  it('the cause is small-weights when E f′ ≈ 0.9 and the weights carry the shrinking', () => {
    expect(only(flow(layers(11, 0.3))).cause).toBe('small-weights');
  });

  it('the cause is dead-units when ReLU layers are mostly dead, saturation when sigmoid layers are pinned', () => {
    const relu = { config: { ...CONFIG, activation: 'relu' } };
    expect(only(flow(layers(11, 0, { meanDerivative: 0, deadFraction: 0.9 }), relu)).cause).toBe(
      'dead-units',
    );
    const sat = layers(11, 0.1, { meanDerivative: 0.05, saturatedFraction: 0.6 });
    const d = diagnose(flow(sat, { config: { ...CONFIG, activation: 'sigmoid' } }));
    expect(d.verdict).toEqual(['vanishing', 'saturated']);
    expect(d.findings[0]!.cause).toBe('saturation');
  });

  it('a per-layer factor of 2 over 20 layers is exploding; the clip suggestion is left out when clipping is on', () => {
    const f = only(flow(layers(21, 2)));
    expect(f.code).toBe('exploding');
    expect(f.evidence.signalRatio).toBe(2 ** 20);
    expect(sets(f)).toContainEqual({ clipNorm: 1 });
    const clipped = only(flow(layers(21, 2), { config: { ...CONFIG, clipNorm: 1 } }));
    expect(sets(clipped).some((s) => 'clipNorm' in s)).toBe(false);
  });

  it('readings with NaN instruments are skipped', () => {
    const bad = layers(21, 2).map((l) => ({ ...l, signalGradNorm: Number.NaN }));
    expect(codes(flow(bad))).toBe('healthy');
  });

  it('dead-relu lists the ReLU layers at least half dead', () => {
    const inst = layers(4, 1).map((l, i) => ({ ...l, deadFraction: [0.2, 0.5, 0.9, null][i]! }));
    const f = only(flow(inst, { config: { ...CONFIG, activation: 'relu', biasInit: -1 } }));
    expect(f.code).toBe('dead-relu');
    expect(f.layers).toEqual([1, 2]);
    expect(f.fixes[0]).toMatchObject({ set: { biasInit: 0 } });
  });

  it('non-finite comes first and names the tensor, layer and step', () => {
    const d = diagnose(doc({ nonFinite: { step: 7, tensor: 'layers.1.z', layer: 1, phase: 'forward' } }));
    expect(d.verdict).toEqual(['non-finite']);
    expect(d.findings[0]!.explanation).toContain('layers.1.z (layer 1, forward) at step 7');
  });
});

describe('no offered fix is already in place', () => {
  const flow = (instruments: LayerInstruments[], config: RunDocument['config']) =>
    doc({ steps: 1, config, history: [logged({ step: 1, loss: 0.5, instruments })] });
  const find = (d: RunDocument, code: Finding['code']) => diagnose(d).findings.find((f) => f.code === code)!;
  /** no fix of f is in place in `config`, and f offers exactly `expected` */
  const offers = (f: Finding, config: RunDocument['config'], expected: unknown[]) => {
    expect(f.fixes.filter((x) => fixInPlace(x, config))).toEqual([]);
    expect(f.fixes).toEqual(expected.map((e) => expect.objectContaining(e)));
  };

  it('non-finite with --clip-norm on offers a lower lr only', () => {
    const config = { ...CONFIG, clipNorm: 1 };
    const nonFinite = { step: 7, tensor: 'layers.1.z', layer: 1, phase: 'forward' as const };
    offers(find(doc({ config, nonFinite }), 'non-finite'), config, [{ scale: 'lr', by: 0.1 }]);
  });

  it('exploding with he-normal, layer norm and a residual path offers clipping and a lower lr', () => {
    const config = {
      ...CONFIG,
      activation: 'relu',
      init: 'he-normal',
      norm: 'layer' as const,
      residual: true,
    };
    offers(find(flow(layers(21, 2), config), 'exploding'), config, [
      { set: { clipNorm: 1 } },
      { scale: 'lr', by: 0.1 },
    ]);
  });

  it('vanishing under relu + he-normal offers layer norm with a residual path, not relu + he-normal', () => {
    const config = { ...CONFIG, activation: 'relu', init: 'he-normal' };
    const f = find(flow(layers(21, 0.25, { meanDerivative: 0.24 }), config), 'vanishing');
    expect(f.cause).toBe('small-derivative');
    offers(f, config, [{ set: { norm: 'layer', residual: true } }]);
  });

  it('vanishing by small weights under xavier-normal does not offer xavier-normal', () => {
    const f = find(flow(layers(11, 0.3), CONFIG), 'vanishing');
    expect(f.cause).toBe('small-weights');
    offers(f, CONFIG, [{ set: { norm: 'layer', residual: true } }]);
  });

  it('dead-relu under he-normal offers bias 0, leaky-relu and a lower lr, not he-normal', () => {
    const config = { ...CONFIG, activation: 'relu', init: 'he-normal', biasInit: -1 };
    const inst = layers(4, 1).map((l, i) => ({ ...l, deadFraction: [0.9, 0.9, 0.9, null][i]! }));
    offers(find(flow(inst, config), 'dead-relu'), config, [
      { set: { biasInit: 0 } },
      { set: { activation: 'leaky-relu' } },
      { scale: 'lr', by: 0.1 },
    ]);
  });

  it('saturated under layer norm offers relu + he-normal and a lower lr, not layer norm', () => {
    const config = { ...CONFIG, activation: 'sigmoid', norm: 'layer' as const };
    const sat = layers(11, 0.1, { meanDerivative: 0.05, saturatedFraction: 0.6 });
    offers(find(flow(sat, config), 'saturated'), config, [
      { set: { activation: 'relu', init: 'he-normal' } },
      { scale: 'lr', by: 0.1 },
    ]);
  });

  it('overfitting with dropout 0.2 and l2 0.001 offers neither again: l2 3×, or stop at the best step', () => {
    const config = { ...CONFIG, l2: 0.001, dropout: 0.2 };
    const rising = [0.6, 0.5, 0.4, 0.42, 0.45, 0.5, 0.55, 0.6, 0.7];
    const f = find(doc({ config, history: curve(rising) }), 'overfitting');
    offers(f, config, [{ scale: 'l2', by: 3 }, { set: { steps: 300 } }]);
    expect(f.suggestion).toBe(
      'raise `--l2` (now 0.001) 3× (a stronger ½λΣ‖W‖² penalty smooths the edges), or use `--steps 300` (stop near the best step)',
    );
  });

  it('underfitting on a non-uniform hidden offers more steps and a larger lr, not a width', () => {
    const config = { ...CONFIG, hidden: [4, 8] };
    const f = find(doc({ config, final: { train: train(0.68) } }), 'underfitting');
    offers(f, config, [
      { scale: 'steps', by: 2 },
      { scale: 'lr', by: 3 },
    ]);
  });
});

describe('constantPredictorLoss and heldOutBaseline', () => {
  const ds = (y: number[], task: Dataset['task'], numClasses?: number): Dataset => ({
    name: 't',
    x: new Float64Array(y.length),
    y: Float64Array.from(y),
    n: y.length,
    inputDim: 1,
    targetDim: 1,
    task,
    ...(numClasses ? { numClasses } : {}),
  });

  it('is the loss of the best constant logits: bce at logit(p), ce at log q', () => {
    const y = [0, 0, 0, 1, 1, 0, 0, 0];
    const p = 2 / 8;
    const logits = new Float64Array(8).fill(Math.log(p / (1 - p)));
    expect(constantPredictorLoss(ds(y, 'binary', 2), 'bce')).toBeCloseTo(
      getLoss('bce').forwardBackward(logits, y, 8, 1, null),
      12,
    );
    const c = [0, 1, 2, 2, 2, 1];
    const q = [1 / 6, 2 / 6, 3 / 6];
    const ceLogits = Float64Array.from(c.flatMap(() => q.map(Math.log)));
    expect(constantPredictorLoss(ds(c, 'multiclass', 3), 'ce')).toBeCloseTo(
      getLoss('ce').forwardBackward(ceLogits, c, 6, 3, null),
      12,
    );
  });

  it('is the target variance for mse', () => {
    expect(constantPredictorLoss(ds([1, 2, 3, 4], 'regression'), 'mse')).toBeCloseTo(1.25, 12);
  });

  it("ce: the validation majority rate, and the loss of the training frequencies' logits on validation", () => {
    const train = ds([0, 0, 1, 2], 'multiclass', 3);
    const val = [0, 1, 1, 1, 2];
    const b = heldOutBaseline(train, ds(val, 'multiclass', 3), 'ce');
    expect(b.n).toBe(5);
    expect(b.chanceAccuracy).toBe(0.6);
    // by hand: −(0.2 ln ½ + 0.6 ln ¼ + 0.2 ln ¼) = 1.8 ln 2
    expect(b.constantLoss).toBeCloseTo(1.8 * Math.LN2, 12);
    const logits = Float64Array.from(val.flatMap(() => [0.5, 0.25, 0.25].map(Math.log)));
    expect(b.constantLoss).toBeCloseTo(getLoss('ce').forwardBackward(logits, val, 5, 3, null), 12);
  });

  it('bce: the majority of either label; mse: the mean square about the training mean', () => {
    const b = heldOutBaseline(ds([0, 1, 1, 1], 'binary', 2), ds([1, 1, 0], 'binary', 2), 'bce');
    expect(b.chanceAccuracy).toBeCloseTo(2 / 3, 15);
    expect(b.constantLoss).toBeCloseTo(-(2 / 3) * Math.log(0.75) - (1 / 3) * Math.log(0.25), 12);
    const m = heldOutBaseline(ds([1, 2, 3], 'regression'), ds([0, 4], 'regression'), 'mse');
    expect(m).toEqual({ n: 2, chanceAccuracy: null, constantLoss: 4 });
  });

  it('a class the training set never shows costs ∞ on validation', () => {
    const b = heldOutBaseline(ds([0, 0, 1], 'multiclass', 3), ds([2, 0], 'multiclass', 3), 'ce');
    expect(b.constantLoss).toBe(Number.POSITIVE_INFINITY);
    expect(b.chanceAccuracy).toBe(0.5);
  });
});

describe('formatting', () => {
  it('fmt writes 2 significant digits and powers of ten outside [0.01, 10⁴)', () => {
    expect([fmt(0.2437), fmt(3.2e-13), fmt(1.5e9), fmt(0), fmt(1234)]).toEqual([
      '0.24',
      '3e-13',
      '2e9',
      '0',
      '1200',
    ]);
  });

  it('layerList collapses runs', () => {
    expect(layerList([0, 1, 2, 5, 7, 8])).toBe('layers 0–2, 5, 7–8');
    expect(layerList([3])).toBe('layer 3');
  });

  it('formatDiagnosis prints the verdict, then each finding with its explanation, suggestion and evidence', () => {
    expect(formatDiagnosis({ verdict: 'healthy', findings: [] })).toBe('diagnosis: healthy (no finding)\n');
    const d = diagnose(doc({ final: { train: train(0.68) } }));
    const text = formatDiagnosis(d);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'diagnosis: underfitting',
      '',
      'underfitting',
      '  Training loss 0.68 is 99% of the constant-predictor loss 0.69, so the network has learned almost nothing beyond the label frequencies.',
    ]);
    expect(text).toContain(`\n  try: ${d.findings[0]!.suggestion}\n`);
    expect(d.findings[0]!.suggestion).toMatch(/^raise `--steps` \(now 1000\) 2×/);
    expect(text).toMatch(/ {2}evidence: trainLoss 0.68, constantLoss 0.69/);
  });
});
