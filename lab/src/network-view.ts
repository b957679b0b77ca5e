// TensorFlow Playground's network drawing with gradscope's twist: links drawn by |w| or by log₁₀|∂L/∂w|
// (a toggle), hidden units marked dead or saturated, each unit's output over the input plane as a
// thumbnail, and a hover card that reads and edits a weight, by pointer or keyboard. A network too large to draw unit by unit
// (depth 100) becomes one column per layer with its summary. Painting only: the worker measures.

import { classCss } from './colors.js';
import { createNetworkCard, type LinkFacts } from './network-card.js';
import { attachNetworkKeys, COLUMN_KEYS, LINK_KEYS } from './network-keys.js';
import {
  columnX,
  type LinkMode,
  layerFill,
  linkStroke,
  SUMMARY_COL_H,
  SUMMARY_H,
  SUMMARY_PAD,
  shortNumber,
  unitBoxes,
  VIEW_H,
  VIEW_W,
  viewWidth,
} from './network-layout.js';
import type { NetworkSnapshot, RunUpdate } from './protocol.js';
import { createSelect } from './select.js';

const SVG = 'http://www.w3.org/2000/svg';
const THUMB = 16;
const STATE_NAMES = ['working', 'dead', 'saturated'] as const;

export interface NetworkView {
  readonly element: HTMLElement;
  reset(): void;
  /** loggedStep: the logged step the per-layer values (the D_l gain on the card) are from */
  update(net: NetworkSnapshot, layers: RunUpdate['layers'], loggedStep: number | null): void;
  draw(): void;
  /** fit the coordinate box to the figure's `width` CSS px (the layout's column) */
  resize(width: number): void;
}

const svgEl = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

export function createNetworkView(opts: {
  label: string;
  onEdit: (layer: number, row: number, col: number, value: number) => void;
}): NetworkView {
  const element = document.createElement('figure');
  element.className = 'network';
  const caption = document.createElement('figcaption');
  const title = document.createElement('span');
  title.textContent = 'network';
  const toggle = createSelect<LinkMode>('network links drawn by', [
    ['weight', 'links by weight |w|'],
    ['gradient', 'links by gradient log₁₀|∂L/∂w|'],
  ]);
  caption.append(title, ' ', toggle);
  const svg = svgEl('svg', { viewBox: `0 0 ${VIEW_W} ${VIEW_H}`, role: 'img' });
  const key = document.createElement('p');
  key.className = 'key';
  const card = createNetworkCard(opts.label, opts.onEdit, () => svg.focus());
  element.append(caption, svg, key, card.element);

  let net: NetworkSnapshot | null = null;
  let gains: Float64Array = new Float64Array(0);
  /** the logged step the gains are from */
  let gainStep: number | null = null;
  let shape = '';
  let dirty = false;
  let mode: LinkMode = 'weight';
  /** the coordinate box's width: the drawn width, up to VIEW_W */
  let viewW = VIEW_W;
  /** the link elements of a 'units' drawing, by Dense layer, (O, I) */
  let links: SVGLineElement[][] = [];
  let units: SVGGElement[][] = [];
  let columns: SVGGElement[] = [];
  const thumbCanvas = document.createElement('canvas');
  thumbCanvas.width = THUMB;
  thumbCanvas.height = THUMB;
  const thumbCtx = thumbCanvas.getContext('2d');
  let at = { x: 0, y: 0 };
  /** the part (a layer column) whose numbers the card shows as text, refreshed as snapshots arrive */
  let textOf: Element | null = null;

  toggle.addEventListener('change', () => {
    mode = toggle.value as LinkMode;
    dirty = true;
  });

  const pointer = (e: MouseEvent): { x: number; y: number } => {
    const box = element.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const facts = (l: number, o: number, i: number): LinkFacts | null => {
    if (net?.kind !== 'units') return null;
    const I = net.widths[l]!;
    return {
      layer: l,
      row: o,
      col: i,
      weight: net.weights[l]![o * I + i]!,
      grad: net.grads[l]![o * I + i]!,
      gain: gains[l] ?? Number.NaN,
      step: net.step,
      gainStep,
    };
  };
  const onLink = (e: MouseEvent, pin: boolean): void => {
    const t = e.target as Element;
    if (!t.classList.contains('link')) return;
    const [l, o, i] = (t.getAttribute('data-link') ?? '').split(',').map(Number) as [number, number, number];
    const f = facts(l, o, i);
    if (!f) return;
    at = pointer(e);
    textOf = null;
    card.show(f, at.x, at.y, pin);
  };
  svg.addEventListener('mouseover', (e) => {
    const t = e.target as Element;
    if (t.classList.contains('link')) onLink(e, false);
    else {
      const part = t.closest('[data-info]');
      const info = part?.getAttribute('data-info');
      if (part && info) {
        at = pointer(e);
        textOf = part;
        card.text(info.split('\n'), at.x, at.y);
      }
    }
  });
  svg.addEventListener('mouseleave', () => {
    textOf = null;
    card.hide();
  });
  svg.addEventListener('click', (e) => onLink(e, true));

  /** the card at a part's middle, as the keyboard's cursor reaches it */
  const keys = attachNetworkKeys(svg, {
    show(part, pin) {
      const box = element.getBoundingClientRect();
      const r = part.getBoundingClientRect();
      at = { x: r.left + r.width / 2 - box.left, y: r.top + r.height / 2 - box.top };
      const link = part.getAttribute('data-link');
      if (link !== null) {
        const [l, o, i] = link.split(',').map(Number) as [number, number, number];
        const f = facts(l, o, i);
        if (!f) return;
        // the cursor moved on: a card pinned elsewhere (by a click) gives way
        if (!pin && card.pinned) card.close();
        textOf = null;
        card.show(f, at.x, at.y, pin);
        if (pin) card.edit();
      } else {
        const info = part.getAttribute('data-info');
        if (info) {
          textOf = part;
          card.text(info.split('\n'), at.x, at.y);
        }
      }
    },
    leave() {
      if (!element.contains(document.activeElement)) {
        textOf = null;
        card.hide();
      }
    },
    close: () => {
      textOf = null;
      card.close();
    },
  });

  /** build the elements for a new shape (a new run, or units ↔ summary) */
  function build(n: NetworkSnapshot): void {
    svg.replaceChildren();
    svg.setAttribute('viewBox', `0 0 ${viewW} ${n.kind === 'units' ? VIEW_H : SUMMARY_H}`);
    links = [];
    units = [];
    columns = [];
    if (n.kind === 'units') {
      const boxes = unitBoxes(n.widths, viewW);
      const linkLayer = svgEl('g', { class: 'links' });
      const unitLayer = svgEl('g', { class: 'units' });
      for (let l = 0; l + 1 < n.widths.length; l++) {
        const from = boxes[l]!;
        const to = boxes[l + 1]!;
        const row: SVGLineElement[] = [];
        for (let o = 0; o < to.length; o++) {
          for (let i = 0; i < from.length; i++) {
            const a = from[i]!;
            const b = to[o]!;
            const line = svgEl('line', {
              class: 'link',
              x1: a.x + a.size / 2,
              y1: a.y,
              x2: b.x - b.size / 2,
              y2: b.y,
              'data-link': `${l},${o},${i}`,
            });
            row.push(line);
            linkLayer.append(line);
          }
        }
        links.push(row);
      }
      boxes.forEach((col, c) => {
        const row: SVGGElement[] = [];
        col.forEach((b, j) => {
          const g = svgEl('g', { class: c === 0 ? 'unit input' : 'unit', 'data-column': c, 'data-unit': j });
          g.append(
            svgEl('rect', { x: b.x - b.size / 2, y: b.y - b.size / 2, width: b.size, height: b.size, rx: 3 }),
          );
          if (c > 0 && n.thumbs)
            g.append(
              svgEl('image', {
                x: b.x - b.size / 2 + 1,
                y: b.y - b.size / 2 + 1,
                width: b.size - 2,
                height: b.size - 2,
                preserveAspectRatio: 'none',
              }),
            );
          if (c === 0) {
            const t = svgEl('text', { x: b.x - b.size / 2 - 4, y: b.y + 4, 'text-anchor': 'end' });
            t.textContent = n.inputs[j] ?? '';
            g.append(t);
          }
          row.push(g);
          unitLayer.append(g);
        });
        units.push(row);
      });
      svg.append(linkLayer, unitLayer);
      keys.parts(links);
    } else {
      const L = n.widths.length - 1;
      // NOTE: a few layers get columns no wider than a bar, so five layers do not draw five slabs
      const w = Math.min(28, Math.max(1.5, ((viewW - 72) / L) * 0.7));
      for (let l = 0; l < L; l++) {
        const x = columnX(l, L, viewW);
        const g = svgEl('g', { class: 'layer-col', 'data-layer': l });
        g.append(
          svgEl('rect', { class: 'col', x: x - w / 2, y: SUMMARY_PAD, width: w, height: SUMMARY_COL_H }),
          svgEl('rect', { class: 'bad', x: x - w / 2, y: SUMMARY_PAD + SUMMARY_COL_H, width: w, height: 0 }),
        );
        columns.push(g);
        svg.append(g);
      }
      keys.parts(columns.map((c) => [c]));
    }
  }

  function paintUnits(n: Extract<NetworkSnapshot, { kind: 'units' }>): void {
    let maxAbs = 0;
    for (const w of n.weights) for (const v of w) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    links.forEach((row, l) => {
      const wts = n.weights[l]!;
      const gr = n.grads[l]!;
      row.forEach((line, k) => {
        const s = linkStroke(mode, wts[k]!, gr[k]!, maxAbs);
        line.setAttribute('stroke', s.color);
        line.setAttribute('stroke-width', s.width.toFixed(2));
      });
    });
    let u = 0;
    const cells = THUMB * THUMB;
    units.forEach((row, c) => {
      row.forEach((g, j) => {
        if (c === 0) {
          g.setAttribute('data-info', `input ${n.inputs[j] ?? j}`);
          return;
        }
        const l = c - 1;
        const state = n.units[l]?.[j] ?? 0;
        g.setAttribute('data-state', STATE_NAMES[state]!);
        g.setAttribute(
          'data-info',
          `unit ${j} of layer ${l}${l === n.widths.length - 2 ? ' (output)' : ''} at step ${n.step}: ${STATE_NAMES[state]}${state === 1 ? ' (z ≤ 0 on every training row: no gradient)' : state === 2 ? ' (f′(z) ≈ 0 on most rows)' : ''}`,
        );
        const image = g.querySelector('image');
        if (image && n.thumbs && thumbCtx) {
          image.setAttribute('href', thumbnail(n.thumbs.subarray((u + j) * cells, (u + j + 1) * cells)));
        }
      });
      if (c > 0) u += row.length;
    });
    const dead = n.units.reduce((s, a) => s + a.filter((v) => v === 1).length, 0);
    const sat = n.units.reduce((s, a) => s + a.filter((v) => v === 2).length, 0);
    svg.setAttribute(
      'aria-label',
      `network ${n.widths.join('-')} at step ${n.step}: ${dead} dead and ${sat} saturated hidden units; links by ${mode}`,
    );
    key.textContent =
      mode === 'weight'
        ? 'link width ∝ |w| (orange w > 0, blue w < 0) · red box: dead unit · purple box: saturated · thumbnails: each unit’s output over the input plane'
        : 'link width and colour: log₁₀|∂L/∂w| from 1e-8 (thin, dark) to 1 (thick, yellow) · red box: dead · purple box: saturated';
    key.textContent = `at step ${n.step} · ${key.textContent} · ${LINK_KEYS}`;
  }

  function thumbnail(values: Float32Array): string {
    let max = 0;
    for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
    const img = thumbCtx!.createImageData(THUMB, THUMB);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const t = max > 0 && Number.isFinite(v) ? v / max : 0;
      // the boundary's colours: orange where the unit is positive, blue where negative
      const c = (t >= 0 ? classCss(1) : classCss(0)).match(/\d+/g)!.map(Number);
      const a = Math.abs(t);
      img.data[i * 4] = 255 + (c[0]! - 255) * a;
      img.data[i * 4 + 1] = 255 + (c[1]! - 255) * a;
      img.data[i * 4 + 2] = 255 + (c[2]! - 255) * a;
      img.data[i * 4 + 3] = 255;
    }
    thumbCtx!.putImageData(img, 0, 0);
    return thumbCanvas.toDataURL();
  }

  function paintSummary(n: Extract<NetworkSnapshot, { kind: 'summary' }>): void {
    const L = columns.length;
    columns.forEach((g, l) => {
      const width = n.widths[l + 1]!;
      const dead = n.dead[l]!;
      const sat = n.saturated[l]!;
      const bad = Number.isFinite(dead) ? dead : Number.isFinite(sat) ? sat : 0;
      (g.firstChild as SVGRectElement).setAttribute('fill', layerFill(mode, n.weightRms[l]!, n.gradNorm[l]!));
      const h = (SUMMARY_COL_H * bad) / width;
      const badRect = g.lastChild as SVGRectElement;
      badRect.setAttribute('y', String(SUMMARY_PAD + SUMMARY_COL_H - h));
      badRect.setAttribute('height', String(h));
      const counts = [
        Number.isFinite(dead) ? `${dead} of ${width} dead` : null,
        Number.isFinite(sat) ? `${sat} of ${width} saturated` : null,
      ].filter((x) => x !== null);
      g.setAttribute('data-dead', String(dead));
      g.setAttribute('data-saturated', String(sat));
      g.setAttribute(
        'data-info',
        [
          `layer ${l}${l === L - 1 ? ' (output)' : ''} at step ${n.step}: ${width} units`,
          `RMS |w| = ${shortNumber(n.weightRms[l]!)}`,
          `‖∂L/∂W_l‖ = ${shortNumber(n.gradNorm[l]!)}`,
          ...counts,
          `D_l RMS gain = ${shortNumber(gains[l] ?? Number.NaN)}`,
        ].join('\n'),
      );
    });
    svg.setAttribute(
      'aria-label',
      `network of ${L} layers at step ${n.step}, one column per layer: too many units to draw each`,
    );
    key.textContent = `at step ${n.step} · ${L} layers: one column per layer (${mode === 'weight' ? 'colour: RMS |w|, 1e-3 dark .. 10 bright' : 'colour: ‖∂L/∂W_l‖ on the heatmap’s scale'}); red: the share of dead or saturated units; hover a column for its numbers · ${COLUMN_KEYS}`;
  }

  return {
    element,
    reset() {
      net = null;
      shape = '';
      svg.replaceChildren();
      keys.parts([]);
      textOf = null;
      card.close();
      key.textContent = 'waiting for the first steps…';
    },
    update(n, layers, loggedStep) {
      net = n;
      gains = layers.signalRatio;
      gainStep = loggedStep;
      dirty = true;
    },
    draw() {
      const n = net;
      if (!dirty || !n) return;
      dirty = false;
      const next = `${n.kind} ${n.widths.join(',')} ${n.kind === 'units' && n.thumbs !== null} ${viewW}`;
      if (next !== shape) {
        shape = next;
        build(n);
      }
      element.dataset.kind = n.kind;
      element.dataset.step = String(n.step);
      element.dataset.mode = mode;
      if (n.kind === 'units') paintUnits(n);
      else paintSummary(n);
      // a column's numbers on the card follow the new snapshot (the first one, at step 0, has no gradient)
      const info = textOf?.isConnected ? textOf.getAttribute('data-info') : null;
      if (info) card.text(info.split('\n'), at.x, at.y);
      const pin = card.pinned;
      if (pin) {
        const f = facts(pin.layer, pin.row, pin.col);
        if (f) card.show(f, at.x, at.y, true);
      }
    },
    resize(width) {
      // NOTE: the SVG is width: 100% of the figure, its border outside that: it draws `width` px of content
      const next = viewWidth(width);
      if (next === viewW) return;
      viewW = next;
      dirty = true;
    },
  };
}
