// The image grid, in place of the 2-D boundary for image data: the first validation images, each drawn
// from its own pixels, labelled with the class the network predicts, and marked right (✓) or wrong (✗)
// against its true class. The predictions arrive from the worker (the core's eval-mode forward); this file
// only paints. Each image is one role="img" with a label, so a screen reader hears "Sneaker, predicted
// Sandal: wrong".

import './image-grid.css';
import { howToRead } from './how-to-read.js';
import type { GridPredictions, ImageSet } from './image-grid-data.js';
import { createBlock } from './panel.js';

export interface ImageGrid {
  readonly element: HTMLElement;
  setImages(images: ImageSet | null): void;
  update(p: GridPredictions): void;
  draw(): void;
}

interface Cell {
  readonly figure: HTMLElement;
  readonly caption: HTMLElement;
}

export function createImageGrid(): ImageGrid {
  const block = createBlock({
    className: 'image-grid',
    title: 'Validation images: predicted class',
    rowClass: 'cells',
  });
  const { element, note: summary, row: cells } = block;
  summary.classList.add('grid-summary');
  element.append(howToRead('grid'));
  element.hidden = true;

  let images: ImageSet | null = null;
  let grid: Cell[] = [];
  let pending: GridPredictions | null = null;

  function build(set: ImageSet): void {
    cells.replaceChildren();
    const P = set.side * set.side;
    grid = Array.from({ length: set.n }, (_, i) => {
      // NOTE: a div, not a <figure>: axe allows role="img" on neither figure nor figcaption
      const figure = document.createElement('div');
      figure.className = 'cell';
      const canvas = document.createElement('canvas');
      canvas.width = set.side;
      canvas.height = set.side;
      // the cell is one image to a screen reader, named by its aria-label; its parts are presentation
      canvas.setAttribute('aria-hidden', 'true');
      const ctx = canvas.getContext('2d');
      if (ctx) {
        const img = ctx.createImageData(set.side, set.side);
        for (let j = 0; j < P; j++) {
          // ink dark on paper: Fashion-MNIST's 255 is the garment
          const g = 255 - set.pixels[i * P + j]!;
          img.data.set([g, g, g, 255], j * 4);
        }
        ctx.putImageData(img, 0, 0);
      }
      const caption = document.createElement('span');
      caption.className = 'caption';
      figure.append(canvas, caption);
      figure.setAttribute('role', 'img');
      figure.setAttribute('aria-label', `${set.classNames[set.labels[i]!]}: not predicted yet`);
      cells.append(figure);
      return { figure, caption };
    });
  }

  return {
    element,
    setImages(set) {
      images = set;
      pending = null;
      element.hidden = set === null;
      delete element.dataset.step;
      summary.textContent = set ? 'waiting for the first prediction…' : '';
      if (set) build(set);
      else {
        cells.replaceChildren();
        grid = [];
      }
    },
    update(p) {
      pending = p;
    },
    draw() {
      const p = pending;
      const set = images;
      if (!p || !set || p.predicted.length !== set.n) return;
      pending = null;
      let right = 0;
      for (let i = 0; i < set.n; i++) {
        const truth = set.classNames[set.labels[i]!]!;
        const guess = set.classNames[p.predicted[i]!]!;
        const ok = p.predicted[i] === set.labels[i];
        if (ok) right++;
        const { figure, caption } = grid[i]!;
        figure.dataset.right = String(ok);
        figure.dataset.predicted = String(p.predicted[i]);
        figure.dataset.label = String(set.labels[i]);
        figure.setAttribute('aria-label', `${truth}, predicted ${guess}: ${ok ? 'right' : 'wrong'}`);
        caption.textContent = `${ok ? '✓' : '✗'} ${guess}`;
      }
      element.dataset.step = String(p.step);
      element.dataset.right = String(right);
      element.dataset.n = String(set.n);
      summary.textContent = `step ${p.step}: ${right} of ${set.n} right (${((100 * right) / set.n).toFixed(1)}%)`;
    },
  };
}
