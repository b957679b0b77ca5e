// The decision boundary (2-D classification) or the regression curve (1-D), with the training points
// (filled) and the validation points (ringed). Painting only: the worker sends the predictions.

import { CLASS_COLORS, classCss } from './colors.js';
import type { Boundary, RunInfo } from './protocol.js';

export interface BoundaryView {
  readonly element: HTMLElement;
  setRun(info: RunInfo): void;
  /** the boundary computed at `step` */
  update(b: Boundary, step: number): void;
  draw(): void;
}

export function createBoundaryView(size: number): BoundaryView {
  const element = document.createElement('figure');
  element.className = 'boundary';
  const caption = document.createElement('figcaption');
  let title = 'decision boundary';
  caption.textContent = title;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.setAttribute('role', 'img');
  const key = document.createElement('p');
  key.className = 'key';
  key.textContent = '● train  ○ validation';
  // Playground's "discretize output" and "show test data"
  const discretize = toggleBox('Discretize', false);
  const showVal = toggleBox('Show validation data', true);
  const toggles = document.createElement('p');
  toggles.className = 'key toggles';
  toggles.append(discretize.label, showVal.label);
  element.append(caption, canvas, key, toggles);
  for (const box of [discretize.box, showVal.box]) box.addEventListener('change', () => (dirty = true));
  const ctx = canvas.getContext('2d')!;
  const off = document.createElement('canvas');
  const offCtx = off.getContext('2d')!;
  let info: RunInfo | null = null;
  let boundary: Boundary | null = null;
  let dirty = false;

  const toPx = (x: number, y: number): [number, number] => {
    const [x0, x1, y0, y1] = info!.extent;
    return [((x - x0) / (x1 - x0)) * size, ((y1 - y) / (y1 - y0)) * size];
  };

  const drawGrid = (b: Boundary): void => {
    const n = b.n;
    off.width = n;
    off.height = n;
    const img = offCtx.createImageData(n, n);
    const multi = b.classes.length > 0;
    const flat = discretize.box.checked;
    const colours = new Set<number>();
    for (let i = 0; i < n * n; i++) {
      // discretized: the predicted class at full strength, no shade of confidence
      const raw = b.values[i]!;
      const p = !flat || !Number.isFinite(raw) ? raw : b.classes.length === 0 ? (raw >= 0.5 ? 1 : 0) : 1;
      const o = i * 4;
      if (!Number.isFinite(p)) {
        // a diverged network predicts NaN: grey, not the black a NaN colour would give
        img.data.fill(200, o, o + 3);
      } else if (multi) {
        const c = CLASS_COLORS[b.classes[i]! % CLASS_COLORS.length]!;
        const a = 0.25 + 0.5 * p;
        img.data[o] = 255 + (c[0] - 255) * a;
        img.data[o + 1] = 255 + (c[1] - 255) * a;
        img.data[o + 2] = 255 + (c[2] - 255) * a;
      } else {
        // blend class 0 → white → class 1 by p(class 1)
        const c = p < 0.5 ? CLASS_COLORS[0]! : CLASS_COLORS[1]!;
        const a = Math.abs(p - 0.5) * 1.4;
        img.data[o] = 255 + (c[0] - 255) * a;
        img.data[o + 1] = 255 + (c[1] - 255) * a;
        img.data[o + 2] = 255 + (c[2] - 255) * a;
      }
      img.data[o + 3] = 255;
      colours.add((img.data[o]! << 16) | (img.data[o + 1]! << 8) | img.data[o + 2]!);
    }
    element.dataset.colours = String(colours.size);
    offCtx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, size, size);
  };

  const drawCurve = (b: Boundary): void => {
    const [x0, x1] = info!.extent;
    ctx.strokeStyle = '#212529';
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i < b.n; i++) {
      const [px, py] = toPx(x0 + ((x1 - x0) * i) / (b.n - 1), b.values[i]!);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
  };

  const drawPoints = (x: Float64Array, y: Float64Array, n: number, hollow: boolean): void => {
    const i2 = info!;
    const regression = i2.task === 'regression';
    for (let i = 0; i < n; i++) {
      const [px, py] = regression ? toPx(x[i]!, y[i]!) : toPx(x[i * 2]!, x[i * 2 + 1]!);
      const color = regression ? '#495057' : classCss(y[i]!);
      ctx.beginPath();
      ctx.arc(px, py, 3, 0, Math.PI * 2);
      if (hollow) {
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      } else {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
    }
  };

  return {
    element,
    setRun(i) {
      info = i;
      boundary = null;
      dirty = true;
      title = i.task === 'regression' ? 'regression curve' : 'decision boundary';
      caption.textContent = title;
      delete element.dataset.step;
    },
    update(b, step) {
      boundary = b;
      caption.textContent = `${title} at step ${step}`;
      element.dataset.step = String(step);
      dirty = true;
    },
    draw() {
      if (!dirty || !info) return;
      dirty = false;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, size, size);
      const plottable = info.task === 'regression' ? info.inputDim === 1 : info.inputDim === 2;
      if (!plottable) {
        ctx.fillStyle = '#495057';
        ctx.font = '13px system-ui, sans-serif';
        ctx.fillText(`${info.inputDim} input features: no 2-D picture`, 12, size / 2);
        canvas.setAttribute('aria-label', 'no boundary picture for this data');
        return;
      }
      if (boundary?.kind === 'grid') drawGrid(boundary);
      drawPoints(info.train.x, info.train.y, info.train.n, false);
      const val = info.val && showVal.box.checked ? info.val : null;
      if (val) drawPoints(val.x, val.y, val.n, true);
      element.dataset.valDrawn = String(val?.n ?? 0);
      element.dataset.discretized = String(discretize.box.checked);
      if (boundary?.kind === 'curve') drawCurve(boundary);
      canvas.setAttribute(
        'aria-label',
        `${caption.textContent} with ${info.train.n} training and ${val?.n ?? 0} validation points shown`,
      );
    },
  };
}

function toggleBox(text: string, checked: boolean): { label: HTMLLabelElement; box: HTMLInputElement } {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = checked;
  label.append(box, ` ${text} `);
  return { label, box };
}
