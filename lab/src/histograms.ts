// Per-layer histograms of log₁₀|h_l| and log₁₀|∂ℓ/∂z_l| on the core's fixed decade bins (1e-16 … 1e4,
// an exact-zero column, NaN/Inf counted apart), one row per layer, input side at the top: under vanishing
// the ∂ℓ/∂z rows slide left decade by decade toward the input. The counts come from the worker
// (layerHistograms); this file only paints them, and writes each row's mode decade as data for tests.

import './histograms.css';
import {
  type DecadeHistogram,
  HISTOGRAM_DECADES,
  HISTOGRAM_LO,
  type LayerHistograms,
  modeDecade,
} from '../../src/index.js';
import { howToRead } from './how-to-read.js';
import { canvasPanel, createBlock } from './panel.js';

type Kind = keyof LayerHistograms;

const PANELS: readonly { kind: Kind; title: string; color: string }[] = [
  { kind: 'activation', title: 'activations |h_l|', color: '#1f6feb' },
  { kind: 'signal', title: 'back-propagated signal |∂ℓ/∂z_l| (per example)', color: '#7048e8' },
];

/** columns: the exact zeros, below 1e-16, the decades, at or above 1e4 */
const COLUMNS = HISTOGRAM_DECADES + 3;
const W = 340;
const PAD = { l: 30, r: 26, t: 4, b: 14 };

export interface HistogramView {
  readonly element: HTMLElement;
  clear(): void;
  update(h: { readonly step: number; readonly layers: LayerHistograms }): void;
  draw(): void;
}

const countsOf = (h: DecadeHistogram): number[] => [h.zero, h.below, ...h.decades, h.above];

export function createHistograms(): HistogramView {
  const block = createBlock({
    className: 'histograms',
    title: 'Per-layer histograms of log₁₀|value| (fixed decade bins)',
    rowClass: 'panels',
  });
  const { element, note } = block;
  const panels = PANELS.map((spec) => {
    const p = canvasPanel(block.row, spec.title, { width: W, height: 120 }, { kind: spec.kind });
    p.canvas.setAttribute('aria-label', `${spec.title}: waiting for the first logged step`);
    return { spec, ...p };
  });
  element.append(howToRead('histograms'));

  let data: { step: number; layers: LayerHistograms } | null = null;
  let dirty = false;

  const drawPanel = (p: (typeof panels)[number], rows: readonly DecadeHistogram[]): void => {
    const { canvas, ctx, spec } = p;
    const L = rows.length;
    const rowH = Math.max(3, Math.min(18, Math.floor(300 / Math.max(1, L))));
    const H = PAD.t + PAD.b + rowH * L;
    if (canvas.height !== H) canvas.height = H;
    const modes = rows.map(modeDecade);
    // the counts as data, [zero, below, …decades, above] a layer, for tests and for reading off
    canvas.dataset.modes = JSON.stringify(modes);
    canvas.dataset.counts = JSON.stringify(rows.map(countsOf));
    canvas.dataset.step = String(data?.step ?? '');
    canvas.setAttribute(
      'aria-label',
      `${spec.title}, by layer from the input: most values near ${modes
        .map((m, l) => `layer ${l} ${m === null ? 'none' : `1e${m}`}`)
        .join(', ')}`,
    );
    if (!ctx) return;
    const cw = (W - PAD.l - PAD.r) / COLUMNS;
    ctx.clearRect(0, 0, W, H);
    ctx.font = '9px system-ui, sans-serif';
    for (let l = 0; l < L; l++) {
      const h = rows[l]!;
      const counts = countsOf(h);
      const top = Math.max(1, ...counts);
      const y0 = PAD.t + (l + 1) * rowH;
      for (let c = 0; c < COLUMNS; c++) {
        const n = counts[c]!;
        if (n === 0) continue;
        const bh = Math.max(1, ((rowH - 1) * n) / top);
        ctx.fillStyle = c === 0 ? '#868e96' : spec.color;
        ctx.fillRect(PAD.l + c * cw + 0.5, y0 - bh, Math.max(1, cw - 1), bh);
      }
      ctx.fillStyle = '#495057';
      if (rowH >= 9 || l === 0 || l === L - 1) ctx.fillText(`${l}`, 2, y0 - 1);
      if (h.nonFinite > 0) {
        ctx.fillStyle = '#c92a2a';
        ctx.fillText(`${h.nonFinite}`, W - PAD.r + 2, y0 - 1);
      }
    }
    // the axis: 0, then every fourth decade
    ctx.fillStyle = '#495057';
    const base = H - 2;
    ctx.fillText('0', PAD.l + 1, base);
    for (let k = 0; k <= HISTOGRAM_DECADES; k += 4) {
      const x = PAD.l + (k + 2) * cw;
      ctx.fillText(`1e${HISTOGRAM_LO + k}`, x - 8, base);
    }
  };

  return {
    element,
    clear() {
      data = null;
      dirty = false;
      note.textContent = 'waiting for the first logged step…';
      delete note.dataset.step;
      for (const p of panels) {
        p.ctx?.clearRect(0, 0, p.canvas.width, p.canvas.height);
        delete p.canvas.dataset.modes;
        delete p.canvas.dataset.counts;
        p.canvas.setAttribute('aria-label', `${p.spec.title}: waiting for the first logged step`);
      }
    },
    update(h) {
      data = h;
      dirty = true;
    },
    draw() {
      if (!dirty || !data) return;
      dirty = false;
      note.textContent = `at step ${data.step} (a logged step)`;
      note.dataset.step = String(data.step);
      for (const p of panels) drawPanel(p, data.layers[p.spec.kind]);
    },
  };
}
