// Per-layer bars for the latest measured step: gradNorm, signalRatio, ‖D_l‖ (log axes, a line at 1 where
// 1 means "neither shrinks nor stretches") and dead / saturated % (linear 0–100).

import { canvasPanel, createBlock } from './panel.js';
import type { RunUpdate } from './protocol.js';

type Key = keyof RunUpdate['layers'];

interface Spec {
  readonly key: Key;
  readonly title: string;
  readonly scale: 'log' | 'percent';
  /** draw a reference line at 1 */
  readonly unit: boolean;
  readonly color: string;
}

const SPECS: readonly Spec[] = [
  { key: 'gradNorm', title: '‖∂L/∂W_l‖', scale: 'log', unit: false, color: '#1f6feb' },
  // two different sizes of D_l: the RMS gain the backward pass measures (what the diagnosis's "factor per
  // layer" is) and the spectral norm, the largest stretch, from the power-iteration probe
  { key: 'signalRatio', title: 'D_l RMS gain (measured factor)', scale: 'log', unit: true, color: '#7048e8' },
  {
    key: 'jacobianNorm',
    title: 'D_l spectral norm ‖D_l‖₂ (probe)',
    scale: 'log',
    unit: true,
    color: '#0b7285',
  },
  { key: 'deadFraction', title: 'dead %', scale: 'percent', unit: false, color: '#c92a2a' },
  { key: 'saturatedFraction', title: 'saturated %', scale: 'percent', unit: false, color: '#e67700' },
];

/** What an all-NaN panel means: no logged step yet, not probed yet, or not defined for the activation. */
const EMPTY_TEXT: Readonly<Record<Key, string>> = {
  gradNorm: 'waiting for the first logged step…',
  signalRatio: 'waiting for the first logged step…',
  jacobianNorm: 'probing…',
  deadFraction: 'n/a for this activation',
  saturatedFraction: 'n/a for this activation',
};

export interface LayerBars {
  readonly element: HTMLElement;
  /**
   * diverged: the run stopped at a NaN/Inf, so an empty panel says that instead of "waiting"; steps: the
   * logged step the values are from and the step of the last probe (‖D_l‖₂)
   */
  update(
    layers: RunUpdate['layers'],
    diverged: boolean,
    steps: { logged: number | null; probed: number | null },
  ): void;
  /** the mean-field prediction of each layer's RMS gain, drawn dashed over its bar (null: none) */
  setTheory(factors: readonly (number | null)[] | null): void;
  draw(): void;
}

/** The finite, positive predicted factors (for the axis range). */
function predictedOf(theory: readonly (number | null)[] | null): number[] {
  return (theory ?? []).filter((f): f is number => f !== null && f > 0 && Number.isFinite(f));
}

export function createLayerBars(opts: { width: number; height: number }): LayerBars {
  const block = createBlock({ className: 'layer-bars', title: 'Per-layer values', rowClass: 'bars' });
  const { element, note } = block;
  const panels = SPECS.map((spec) => ({
    spec,
    ...canvasPanel(block.row, spec.title, opts, { metric: spec.key }),
  }));
  let data: RunUpdate['layers'] | null = null;
  let theory: readonly (number | null)[] | null = null;
  let dirty = false;
  let diverged = false;

  let steps: { logged: number | null; probed: number | null } = { logged: null, probed: null };

  const drawPanel = (p: (typeof panels)[number], v: Float64Array): void => {
    const { ctx, canvas, spec } = p;
    if (!ctx) return;
    const W = canvas.width;
    const H = canvas.height;
    const pad = { l: 34, r: 4, t: 4, b: 14 };
    ctx.clearRect(0, 0, W, H);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = '#495057';
    const finite = Array.from(v).filter((x) => Number.isFinite(x) && (spec.scale === 'percent' || x > 0));
    if (finite.length === 0) {
      const log = spec.key === 'gradNorm' || spec.key === 'signalRatio';
      ctx.fillText(diverged && log ? 'NaN/Inf: the run diverged' : EMPTY_TEXT[spec.key], 4, H / 2);
      canvas.setAttribute('aria-label', `${spec.title}: not measured`);
      return;
    }
    let lo: number;
    let hi: number;
    let y: (x: number) => number;
    const plotH = H - pad.t - pad.b;
    if (spec.scale === 'percent') {
      lo = 0;
      hi = 100;
      y = (x) => pad.t + plotH * (1 - (x * 100) / 100);
    } else {
      // the axis holds the measured bars, the line at 1 and, on the RMS gain, the predicted factors
      const predicted = spec.key === 'signalRatio' ? predictedOf(theory) : [];
      lo = Math.floor(Math.log10(Math.min(...finite, ...predicted, spec.unit ? 1 : Infinity)));
      hi = Math.ceil(Math.log10(Math.max(...finite, ...predicted, spec.unit ? 1 : 0)));
      if (hi <= lo) hi = lo + 1;
      y = (x) => pad.t + plotH * (1 - (Math.log10(x) - lo) / (hi - lo));
    }
    const base = spec.scale === 'percent' ? y(0) : pad.t + plotH;
    const n = v.length;
    const bw = (W - pad.l - pad.r) / n;
    ctx.fillStyle = spec.color;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if (!Number.isFinite(x) || (spec.scale === 'log' && x <= 0)) continue;
      const top = y(x);
      ctx.fillRect(
        pad.l + i * bw + bw * 0.1,
        Math.min(top, base),
        Math.max(1, bw * 0.8),
        Math.abs(base - top),
      );
    }
    ctx.fillStyle = '#495057';
    const label = (e: number): string => (spec.scale === 'percent' ? `${e}%` : `1e${e}`);
    ctx.fillText(label(hi), 2, pad.t + 8);
    ctx.fillText(label(lo), 2, pad.t + plotH);
    ctx.fillText('layer 0', pad.l, H - 2);
    ctx.fillText(`${n - 1}`, W - pad.r - 14, H - 2);
    if (spec.unit) {
      const y1 = y(1);
      ctx.strokeStyle = '#212529';
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(pad.l, y1);
      ctx.lineTo(W - pad.r, y1);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const predicted = spec.key === 'signalRatio' ? theory : null;
    if (predicted) {
      // theory: a dashed orange tick across each bar at √χ (the mean-field factor of that layer)
      ctx.strokeStyle = '#d9480f';
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 2]);
      for (let i = 0; i < Math.min(n, predicted.length); i++) {
        const f = predicted[i];
        if (f === null || f === undefined || !(f > 0)) continue;
        ctx.beginPath();
        ctx.moveTo(pad.l + i * bw, y(f));
        ctx.lineTo(pad.l + (i + 1) * bw, y(f));
        ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
    }
    const shown = Array.from(v, (x) => (Number.isFinite(x) ? x.toPrecision(2) : '-'));
    const theoryText = predicted
      ? `; theory (dashed): ${predicted.map((f) => (f === null ? '-' : f.toPrecision(2))).join(', ')}`
      : '';
    canvas.setAttribute('aria-label', `${spec.title} by layer: ${shown.join(', ')}${theoryText}`);
  };

  return {
    element,
    setTheory(factors) {
      theory = factors;
      // the predicted factors as data, whatever the bars show (a diverged run draws none)
      const { canvas: gain, caption } = panels.find((p) => p.spec.key === 'signalRatio')!;
      if (factors) gain.dataset.theory = factors.map((f) => (f === null ? '' : String(f))).join(',');
      else delete gain.dataset.theory;
      caption.textContent = factors
        ? 'D_l RMS gain (measured factor; dashed: theory √χ)'
        : 'D_l RMS gain (measured factor)';
      dirty = true;
    },
    update(layers, nonFinite, at) {
      data = layers;
      diverged = nonFinite;
      steps = at;
      dirty = true;
    },
    draw() {
      if (!dirty || !data) return;
      dirty = false;
      const { logged, probed } = steps;
      note.textContent =
        logged === null
          ? 'waiting for the first logged step…'
          : `at step ${logged}${probed === null ? '' : `; ‖D_l‖₂ probed at step ${probed}`}`;
      note.dataset.step = logged === null ? '' : String(logged);
      for (const p of panels) drawPanel(p, data[p.spec.key]);
    },
  };
}
