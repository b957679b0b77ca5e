// A saved training run (train --out DIR) → report.html: curves, the layer × step gradient heatmap, per-layer
// bars, the bound check, clipping events and the diagnosis. It reads the typed run document; a partial
// one (config.json + metrics.jsonl) has no probes or clipping summary, and those sections are left out.

import {
  type BarChart,
  type Cell,
  type Chart,
  type Diagnosis,
  type HeatmapChart,
  type LineChart,
  licenceOf,
  type PartialLayerReport,
  type PartialRunDocument,
  predictDocument,
  type RunTheory,
  type Table,
  type TrainConfig,
} from '../index.js';
import { type ReportSection, renderPage } from './page.js';

type Num = number | null | undefined;

const num = (v: Num): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function overview(run: PartialRunDocument, diagnosis: Diagnosis): ReportSection {
  const c = run.config;
  const show = (k: keyof TrainConfig): Cell => {
    const v = c[k];
    return Array.isArray(v) ? v.join(',') : v === null ? null : String(v);
  };
  const keys: readonly (keyof TrainConfig)[] = [
    'data',
    'hidden',
    'activation',
    'init',
    'optimizer',
    'lr',
    'batchSize',
    'l2',
    'clipNorm',
    'norm',
    'residual',
    'seed',
  ];
  const config: Table = {
    title: 'Configuration',
    columns: ['setting', 'value'],
    rows: keys.map((k) => [k, show(k)]),
  };
  const f = run.final;
  const final: Table = {
    title: `After ${run.steps} steps`,
    columns: ['set', 'loss', 'accuracy'],
    rows: [
      ['train', num(f.train.loss), num(f.train.accuracy)],
      ...(f.val ? [['validation', num(f.val.loss), num(f.val.accuracy)] as Cell[]] : []),
    ],
  };
  const findings: Table = {
    title: `Diagnosis: ${diagnosis.verdict === 'healthy' ? 'healthy' : diagnosis.verdict.join(', ')}`,
    columns: ['finding', 'layers', 'explanation', 'try'],
    rows: diagnosis.findings.map((x) => [
      x.cause ? `${x.code} (${x.cause})` : x.code,
      x.layers.join(', '),
      x.explanation,
      x.suggestion,
    ]),
  };
  const nf = run.nonFinite;
  return {
    id: 'overview',
    title: 'Run and diagnosis',
    intro: [
      ...(licenceOf(c.data) ? [`Data: ${licenceOf(c.data)}.`] : []),
      ...(nf
        ? [`The run stopped at step ${nf.step}: a NaN/Inf appeared in ${nf.tensor} (${nf.phase}).`]
        : []),
      // incomplete, interrupted, weights rolled back: what the reader and the session noted
      ...(diagnosis.notes ?? []).map((n) => `Note: ${n}.`),
    ],
    tables: [config, final, ...(diagnosis.findings.length ? [findings] : [])],
    findings: diagnosis.findings.length ? [] : ['Diagnosis: healthy (the diagnostics found nothing to fix).'],
    charts: [],
  };
}

function curves(run: PartialRunDocument): ReportSection {
  const h = run.history;
  const steps = h.map((e) => e.step);
  const charts: Chart[] = [];
  const loss: LineChart = {
    kind: 'line',
    title: 'Loss',
    xLabel: 'step',
    yLabel: 'loss',
    yLog: true,
    x: steps,
    series: [
      { label: 'train (batch)', y: h.map((e) => num(e.loss)) },
      ...(h.some((e) => e.val) ? [{ label: 'validation', y: h.map((e) => num(e.val?.loss)) }] : []),
    ],
  };
  charts.push(loss);
  if (h.some((e) => num(e.val?.accuracy) !== null)) {
    charts.push({
      kind: 'line',
      title: 'Validation accuracy',
      xLabel: 'step',
      yLabel: 'accuracy',
      x: steps,
      series: [{ label: 'validation', y: h.map((e) => num(e.val?.accuracy)) }],
    });
  }
  const layers = Math.max(0, ...h.map((e) => e.gradNorm?.length ?? 0));
  if (layers > 0) {
    const heat: HeatmapChart = {
      kind: 'heatmap',
      title: 'Gradient norm ‖∂L/∂W_l‖ per layer and step (log colour; grey: exactly 0 or not logged)',
      xLabel: 'step',
      yLabel: 'Dense layer',
      x: steps,
      y: Array.from({ length: layers }, (_, l) => l),
      values: Array.from({ length: layers }, (_, l) => h.map((e) => num(e.gradNorm?.[l]))),
      colorLabel: '‖∂L/∂W_l‖',
      colorLog: true,
    };
    charts.push(heat);
  }
  return { id: 'curves', title: 'Training curves and gradient flow', tables: [], charts };
}

type LayerRow = PartialLayerReport;

function perLayer(run: PartialRunDocument): ReportSection {
  const rows = run.layers;
  const categories = rows.map((l) => String(l.index));
  const bars = (title: string, yLabel: string, pick: (l: LayerRow) => Num, yLog: boolean) => {
    const y = rows.map((l) => num(pick(l)));
    const chart: BarChart = { kind: 'bars', title, yLabel, yLog, categories, series: [{ label: yLabel, y }] };
    return y.some((v) => v !== null) ? [chart] : [];
  };
  const charts: Chart[] = [
    ...bars('‖∂L/∂W_l‖ at the last step', 'gradNorm', (l) => l.gradNorm, true),
    ...bars('Backpropagated signal RMS ‖∂ℓ/∂z_l‖', 'signalGradNorm', (l) => l.signalGradNorm, true),
    ...bars('‖D_l‖₂ (mean over the probe batch)', '‖D_l‖₂', (l) => l.jacobianMean, true),
    ...bars('Dead fraction (ReLU: z ≤ 0 on the whole batch)', 'dead', (l) => l.deadFraction, false),
    ...bars("Saturated fraction (f' < 5% of max)", 'saturated', (l) => l.saturatedFraction, false),
  ];
  const theory = predictDocument(run);
  const factor = theory ? theoryChart(run, theory) : null;
  if (factor) charts.splice(2, 0, factor);
  return {
    id: 'layers',
    title: 'Per layer',
    intro: [
      ...(charts.length < 6
        ? ['Bars absent from this run (not measured, or not applicable to its activation) are left out.']
        : []),
      ...(theory ? [theoryLine(theory)] : []),
    ],
    tables: [],
    charts,
  };
}

/** The measured per-layer factor with the mean-field prediction over it (at q*: a saved run keeps no input moment). */
function theoryChart(run: PartialRunDocument, theory: RunTheory): LineChart | null {
  if (!theory.applies) return null;
  const hidden = run.layers.slice(0, -1);
  const measured = hidden.map((l) => num(l.signalRatio));
  if (!measured.some((v) => v !== null)) return null;
  return {
    kind: 'line',
    title:
      'Per-layer factor ‖δ_l‖/‖δ_{l+1}‖: measured signalRatio, and the mean-field prediction √χ (dashed)',
    xLabel: 'Dense layer',
    yLabel: 'signalRatio',
    x: hidden.map((l) => l.index),
    series: [
      { label: 'measured signalRatio', y: measured, points: true },
      {
        label: `theory √χ₁ = ${theory.factor.toPrecision(4)} (${theory.phase})`,
        y: hidden.map((_, i) => num(theory.layers[i]?.factor)),
        dashed: true,
        pair: true,
      },
    ],
  };
}

function theoryLine(theory: RunTheory): string {
  if (!theory.applies)
    return `Mean-field theory does not apply to this network: ${theory.reasons.join('; ')}.`;
  const xi = Number.isFinite(theory.xiC) ? theory.xiC.toPrecision(3) : '∞';
  return `Mean-field theory at initialization (${theory.activation}, σ_w² = ${theory.sigmaW2.toPrecision(4)}, σ_b² = ${theory.sigmaB2.toPrecision(3)}): χ₁ = ${theory.chi1.toPrecision(4)}, ${theory.phase}; predicted factor √χ₁ = ${theory.factor.toPrecision(4)} per layer, ξ_c = ${xi} layers against ${theory.depth} hidden layers (trainable needs L ≲ 6ξ_c). The prediction is of the random network at init; the bars are of the last step.`;
}

function bound(run: PartialRunDocument): ReportSection | null {
  const probes = run.probes ?? [];
  if (probes.length === 0) return null;
  const table: Table = {
    title: "The notes' bound ‖gradient‖ ≤ ‖D_L‖ ⋯ ‖D_1‖, per probe (means over the probe batch)",
    columns: ['step', '‖∂logits/∂x‖', 'Π‖D_l‖', 'holds on every example', 'violations', 'boundary sharpness'],
    rows: probes.map((p) => [
      p.step,
      num(p.endToEndMean),
      num(p.boundMean),
      p.boundHolds,
      `${p.boundViolations}/${p.batch}`,
      num(p.sharpness.mean),
    ]),
  };
  const layers: Table = {
    title: 'At the last probe: ‖D_l‖₂ against ‖W_l‖₂',
    columns: ['layer', 'activation', '‖D_l‖₂', '‖W_l‖₂'],
    rows: run.layers.map((l) => [l.index, l.activation, num(l.jacobianMean), num(l.weightSpectralNorm)]),
  };
  return { id: 'bound', title: 'Bound check', tables: [table, layers], charts: [] };
}

function clipping(run: PartialRunDocument): ReportSection | null {
  const c = run.clipping;
  const h = run.history.filter((e) => num(e.clipPreNorm) !== null);
  if (!c && h.length === 0) return null;
  const events = run.history.filter((e) => e.clipped).map((e) => e.step);
  const chart: LineChart = {
    kind: 'line',
    title: 'Global gradient norm before and after clipping (logged steps)',
    xLabel: 'step',
    yLabel: '‖g‖₂',
    yLog: true,
    x: h.map((e) => e.step),
    series: [
      { label: 'before clipping', y: h.map((e) => num(e.clipPreNorm)) },
      { label: 'after clipping', y: h.map((e) => num(e.clipPostNorm)), dashed: true },
    ],
  };
  const findings = c
    ? [
        `Clipping changed the gradient on ${c.clippedSteps} of ${c.steps} steps (${((100 * c.clippedSteps) / Math.max(c.steps, 1)).toFixed(1)}%)${c.firstClippedStep !== null ? `, first at step ${c.firstClippedStep}` : ''}; the largest norm before clipping was ${num(c.maxPreNorm)?.toPrecision(3) ?? '-'}.`,
      ]
    : [];
  if (events.length)
    findings.push(
      `Clipped logged steps: ${events.slice(0, 30).join(', ')}${events.length > 30 ? ', …' : ''}.`,
    );
  return { id: 'clipping', title: 'Clipping events', findings, tables: [], charts: h.length ? [chart] : [] };
}

export function runReportPage(run: PartialRunDocument, diagnosis: Diagnosis, source: string): string {
  const sections = [overview(run, diagnosis), curves(run), perLayer(run), bound(run), clipping(run)].filter(
    (s): s is ReportSection => s !== null,
  );
  return renderPage(`gradscope run report: ${source}`, sections, `gradscope report ${source}`);
}
