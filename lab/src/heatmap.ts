// The layer × step picture of ‖∂L/∂W_l‖_F, or of the back-propagated signal ‖∂L/∂z_l‖ the diagnosis
// quotes, on one fixed log colour scale (HEAT_DECADES): vanishing shows as a dark band toward the input
// layers, exploding as a bright one, and two runs in Compare read on the same colours. Pixels go straight
// to a canvas through ImageData.

import { viridis, viridisCss } from './colors.js';
import { createSelect } from './select.js';

/**
 * The colour scale in decades, the same for every run: sigmoid at depth 20 reaches 1e-16 at layer 0 and
 * exploding ReLU 1e9; an auto-fitted range would paint either one as a flat band.
 */
export const HEAT_DECADES: readonly [number, number] = [-16, 10];

export type HeatQuantity = 'weights' | 'signal';
const CAPTIONS: Readonly<Record<HeatQuantity, string>> = {
  weights: 'gradient norm ‖∂L/∂W_l‖ by layer and step (log scale)',
  signal: 'back-propagated signal ‖∂L/∂z_l‖ by layer and step (log scale)',
};

/** Columns kept; past it, every other column is dropped so the whole run stays visible. */
const MAX_COLUMNS = 2048;

export interface Heatmap {
  readonly element: HTMLElement;
  reset(layers: number): void;
  /** columns of (k, L) ‖∂L/∂W_l‖ and (k, L) ‖∂L/∂z_l‖ */
  append(steps: Float64Array, values: Float64Array, signal: Float64Array): void;
  /** Compare: columns sit at their step on an axis from 0 to `span` (the furthest run's step), so two
   * runs' heatmaps align by step; null: this run's own steps fill the width */
  setStepSpan(span: number | null): void;
  draw(): void;
  /** fit the canvas to `width` CSS px (the layout's column) */
  resize(width: number): void;
  readonly columns: number;
}

export function createHeatmap(opts: { width: number; height: number }): Heatmap {
  const element = document.createElement('figure');
  element.className = 'heatmap';
  const caption = document.createElement('figcaption');
  const title = document.createElement('span');
  title.textContent = CAPTIONS.weights;
  const toggle = createSelect(
    'heatmap quantity',
    [
      ['weights', '‖∂L/∂W_l‖ (weight gradient)'],
      ['signal', '‖∂L/∂z_l‖ (signal, as the diagnosis)'],
    ],
    'heat-toggle',
  );
  caption.append(title, ' ', toggle);
  const canvas = document.createElement('canvas');
  canvas.width = opts.width;
  canvas.height = opts.height;
  canvas.setAttribute('role', 'img');
  const legend = document.createElement('div');
  legend.className = 'legend';
  // axes: the output layer at the top, the input layer at the bottom; logged steps left to right
  const [yAxis, yTop, yBottom] = axis('heat-y');
  const [xAxis, xFirst, xLast] = axis('heat-x');
  xAxis.style.width = `${opts.width}px`;
  const plot = document.createElement('div');
  plot.className = 'heat-plot';
  plot.append(yAxis, canvas);
  // Compare: where this run's columns end on the shared step axis, when it is behind the other run. It sits
  // in the step axis's own row, between its ends, so that a run falling behind does not push the boundary
  // and the verdict under it down a line (and out of the first screen).
  const behind = document.createElement('span');
  behind.className = 'heat-behind';
  behind.hidden = true;
  xFirst.setAttribute('aria-hidden', 'true');
  xLast.setAttribute('aria-hidden', 'true');
  xAxis.removeAttribute('aria-hidden');
  xFirst.after(behind);
  element.append(caption, plot, xAxis, legend);
  const ctx = canvas.getContext('2d')!;
  const off = document.createElement('canvas');
  const offCtx = off.getContext('2d')!;

  let L = 0;
  let weights: number[] = []; // (columns, L)
  let signal: number[] = []; // (columns, L)
  let steps: number[] = [];
  let quantity: HeatQuantity = 'weights';
  toggle.addEventListener('change', () => {
    quantity = toggle.value as HeatQuantity;
    title.textContent = CAPTIONS[quantity];
    dirty = true;
  });
  let dirty = true;
  let shownRange = '';
  let span: number | null = null;

  const paintLegend = (range: [number, number] | null): void => {
    const key = range ? range.join(',') : '';
    if (key === shownRange) return;
    shownRange = key;
    legend.replaceChildren();
    if (!range) return;
    const [a, b] = range;
    const bar = document.createElement('span');
    bar.className = 'bar';
    const stops = Array.from({ length: 11 }, (_, i) => viridisCss(i / 10)).join(',');
    bar.style.background = `linear-gradient(to right, ${stops})`;
    const lo = document.createElement('span');
    lo.textContent = `1e${a}`;
    const hi = document.createElement('span');
    hi.textContent = `1e${b}`;
    const note = document.createElement('span');
    note.textContent = 'same scale for every run; dark = small, bright = large, grey = not finite';
    legend.append(lo, bar, hi, note);
  };

  return {
    element,
    reset(layers) {
      L = layers;
      yTop.textContent = `layer ${layers - 1} (output)`;
      yBottom.textContent = 'layer 0 (input)';
      xFirst.textContent = '';
      xLast.textContent = '';
      behind.hidden = true;
      weights = [];
      signal = [];
      steps = [];
      dirty = true;
    },
    append(s, v, z) {
      for (let i = 0; i < s.length; i++) steps.push(s[i]!);
      for (let i = 0; i < v.length; i++) weights.push(v[i]!);
      for (let i = 0; i < z.length; i++) signal.push(z[i]!);
      if (steps.length > MAX_COLUMNS) {
        const keptSteps: number[] = [];
        const keptW: number[] = [];
        const keptZ: number[] = [];
        for (let c = 0; c < steps.length; c += 2) {
          keptSteps.push(steps[c]!);
          for (let l = 0; l < L; l++) {
            keptW.push(weights[c * L + l]!);
            keptZ.push(signal[c * L + l]!);
          }
        }
        steps = keptSteps;
        weights = keptW;
        signal = keptZ;
      }
      if (s.length > 0) dirty = true;
    },
    draw() {
      if (!dirty) return;
      dirty = false;
      const C = steps.length;
      ctx.fillStyle = '#f1f3f5';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      const values = quantity === 'weights' ? weights : signal;
      const range: [number, number] = [HEAT_DECADES[0], HEAT_DECADES[1]];
      paintLegend(range);
      element.dataset.range = range.join(',');
      element.dataset.quantity = quantity;
      if (C === 0 || L === 0) {
        canvas.setAttribute('aria-label', 'gradient-norm heatmap: no steps yet');
        // in Compare the shared step axis is drawn before this run's first logged step arrives
        if (span === null) {
          delete element.dataset.stepRange;
          xFirst.textContent = '';
          xLast.textContent = '';
        } else {
          element.dataset.stepRange = `0,${span}`;
          xFirst.textContent = 'step 0';
          xLast.textContent = `step ${span}`;
        }
        delete element.dataset.lastStep;
        behind.hidden = span === null;
        behind.textContent = span === null ? '' : 'this run has no logged steps yet';
        return;
      }
      // the step axis: 0 .. span in Compare, this run's first .. last logged step alone
      const last = steps[C - 1]!;
      const x0 = span === null ? steps[0]! : 0;
      const x1 = span === null ? last : Math.max(span, last);
      const W = canvas.width;
      off.width = W;
      off.height = L;
      const img = offCtx.createImageData(W, L);
      const [a, b] = range;
      // NOTE: each pixel column shows the latest logged step at or before its step; past the run's last
      // logged step (a slower run in Compare) it stays empty
      const gap = C > 1 ? last - steps[C - 2]! : 1;
      let c = 0;
      for (let px = 0; px < W; px++) {
        const step = x1 === x0 ? last : x0 + ((px + 0.5) * (x1 - x0)) / W;
        while (c + 1 < C && steps[c + 1]! <= step) c++;
        if (step < steps[0]! || step > last + gap) continue;
        for (let l = 0; l < L; l++) {
          // row 0 (top) is the output layer; the input-side layers sit at the bottom
          const o = ((L - 1 - l) * W + px) * 4;
          const v = values[c * L + l]!;
          if (v > 0 && Number.isFinite(v)) viridis((Math.log10(v) - a) / (b - a), img.data, o);
          else {
            img.data[o] = 200;
            img.data[o + 1] = 200;
            img.data[o + 2] = 200;
            img.data[o + 3] = 255;
          }
        }
      }
      offCtx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
      xFirst.textContent = `step ${x0}`;
      xLast.textContent = `step ${x1}`;
      // more than a logged interval short of the axis's end: the other run is ahead
      const lagging = x1 - last > gap;
      behind.hidden = !lagging;
      behind.textContent = lagging ? `this run's columns end at step ${last}` : '';
      behind.title = lagging ? 'the step axis is shared with the other run, which is further' : '';
      element.dataset.stepRange = `${x0},${x1}`;
      element.dataset.lastStep = String(last);
      const first = values.slice((C - 1) * L, C * L);
      canvas.setAttribute(
        'aria-label',
        `gradient-norm heatmap, ${L} layers × ${C} logged steps up to step ${steps[C - 1]}; latest: layer 0 ${fmt(first[0])}, layer ${L - 1} ${fmt(first[L - 1])}`,
      );
    },
    setStepSpan(next) {
      if (next === span) return;
      span = next;
      dirty = true;
    },
    resize(width) {
      const w = Math.max(120, Math.round(width));
      if (w === canvas.width) return;
      canvas.width = w;
      xAxis.style.width = `${w}px`;
      dirty = true;
    },
    get columns() {
      return steps.length;
    },
  };
}

/** An axis of two end labels (the canvas's aria-label already says it all, so hidden from readers). */
function axis(className: string): [HTMLElement, HTMLElement, HTMLElement] {
  const div = document.createElement('div');
  div.className = className;
  div.setAttribute('aria-hidden', 'true');
  const a = document.createElement('span');
  const b = document.createElement('span');
  div.append(a, b);
  return [div, a, b];
}

function fmt(v: number | undefined): string {
  return v === undefined ? '-' : v.toExponential(1);
}
