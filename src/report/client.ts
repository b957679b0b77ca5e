// The in-page script of every report. It is serialised with Function.prototype.toString and inlined
// next to uPlot, so it must stay self-contained: no imports at run time, no references outside its body.
// uPlot draws every axis; the heatmap and decision-boundary cells are painted in a draw hook from the
// axes' own value→pixel maps, so the cells always line up with the ticks.

import type uPlot from 'uplot';
import type { Chart } from '../index.js';

export interface PlacedChart {
  /** id of the element the chart goes into */
  readonly id: string;
  readonly chart: Chart;
}

export function renderCharts(U: typeof uPlot, placed: readonly PlacedChart[]): void {
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  const HEIGHT = 280;

  /** viridis-like ramp, t in [0, 1] */
  function ramp(t: number): string {
    const stops = [
      [68, 1, 84],
      [59, 82, 139],
      [33, 145, 140],
      [94, 201, 98],
      [253, 231, 37],
    ];
    const s = Math.min(0.9999, Math.max(0, t)) * (stops.length - 1);
    const i = Math.floor(s);
    const f = s - i;
    const a = stops[i]!;
    const b = stops[i + 1]!;
    const c = (k: number): number => Math.round(a[k]! + (b[k]! - a[k]!) * f);
    return `rgb(${c(0)},${c(1)},${c(2)})`;
  }

  /** blue (class 0) → white → red (class 1) for a probability */
  function diverging(p: number): string {
    const t = Math.min(1, Math.max(0, p));
    const mix = (from: number, to: number, f: number): number => Math.round(from + (to - from) * f);
    if (t < 0.5) {
      const f = t / 0.5;
      return `rgb(${mix(49, 255, f)},${mix(104, 255, f)},${mix(189, 255, f)})`;
    }
    const f = (t - 0.5) / 0.5;
    return `rgb(${mix(255, 214, f)},${mix(255, 39, f)},${mix(255, 40, f)})`;
  }

  function widthOf(el: HTMLElement): number {
    return Math.max(320, Math.min(760, el.clientWidth || 640));
  }

  function mark(el: HTMLElement, drawn: number): void {
    el.dataset.rendered = '1';
    el.dataset.drawn = String(drawn);
  }

  // NOTE: log axes plot log10(v) on a linear scale with decade labels. uPlot's own log scale (distr 3)
  // loops forever on ranges below ~1e-16 (its split rounding table ends there), and sigmoid gradients
  // at depth 50 reach 1e-34.
  function log10OrNull(v: number | null | undefined): number | null {
    return v !== null && v !== undefined && v > 0 && Number.isFinite(v) ? Math.log10(v) : null;
  }
  function finiteOrNull(v: number | null | undefined): number | null {
    return v !== null && v !== undefined && Number.isFinite(v) ? v : null;
  }
  function decadeLabel(v: number): string {
    if (Math.abs(v) <= 3) return String(Number((10 ** v).toPrecision(3)));
    const e = Math.floor(v + 1e-9);
    const m = Math.round(10 ** (v - e));
    return m === 1 ? `1e${e}` : `${m}e${e}`;
  }
  /**
   * Ticks of a log10 axis: 1-2-5 per decade over a span of under three decades, else whole decades
   * (every k-th one on a wide span), so a narrow range still shows several labelled ticks.
   */
  function logSplits(min: number, max: number): number[] {
    const out: number[] = [];
    const span = max - min;
    if (span < 3) {
      const mantissas = span < 1 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 5];
      for (let e = Math.floor(min) - 1; e <= Math.ceil(max); e++)
        for (const m of mantissas) {
          const v = e + Math.log10(m);
          if (v >= min - 1e-9 && v <= max + 1e-9) out.push(v);
        }
      return out;
    }
    const step = Math.max(1, Math.ceil(span / 8));
    for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(v);
    return out;
  }
  function decadeRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
    if (min === null || max === null) return [0, 1];
    const lo = Math.floor(min);
    const hi = Math.max(Math.ceil(max), lo + 1);
    return [lo, hi];
  }
  function logAxis(label: string, size?: number): uPlot.Axis {
    const axis: uPlot.Axis = {
      label,
      splits: (_u, _i, min, max) => logSplits(min, max),
      values: (_u, splits) => splits.map(decadeLabel),
    };
    if (size !== undefined) axis.size = size;
    return axis;
  }

  function line(el: HTMLElement, c: Extract<Chart, { kind: 'line' }>): void {
    const xs: number[] = [];
    const keep: number[] = [];
    c.x.forEach((x, i) => {
      const v = c.xLog ? log10OrNull(x) : finiteOrNull(x);
      if (v !== null) {
        xs.push(v);
        keep.push(i);
      }
    });
    const data: (number | null)[][] = [xs];
    let drawn = 0;
    for (const s of c.series) {
      const ys = keep.map((i) => (c.yLog ? log10OrNull(s.y[i]) : finiteOrNull(s.y[i])));
      drawn += ys.filter((v) => v !== null).length;
      data.push(ys);
    }
    const series: uPlot.Series[] = [{ label: c.xLabel }];
    let colour = -1;
    c.series.forEach((s, i) => {
      if (!(s.pair && i > 0)) colour++;
      const stroke = PALETTE[colour % PALETTE.length]!;
      const one: uPlot.Series = { label: s.label, stroke, width: 2, spanGaps: false };
      if (s.dashed) one.dash = [6, 4];
      if (s.points) {
        one.paths = () => null;
        one.points = { show: true, size: 7, fill: stroke };
      }
      series.push(one);
    });
    const opts: uPlot.Options = {
      width: widthOf(el),
      height: HEIGHT,
      scales: {
        x: c.xLog ? { time: false, range: decadeRange } : { time: false },
        y: c.yLog ? { range: decadeRange } : {},
      },
      axes: [
        c.xLog ? logAxis(c.xLabel) : { label: c.xLabel },
        c.yLog ? logAxis(c.yLabel, 70) : { label: c.yLabel, size: 70 },
      ],
      legend: { live: false },
      series,
    };
    new U(opts, data as uPlot.AlignedData, el);
    mark(el, drawn);
  }

  /** whether the category names, laid flat, need more room than the plot gives each (~7 px a character) */
  function tight(categories: readonly string[], width: number): boolean {
    const longest = Math.max(...categories.map((t) => t.length));
    return (longest + 1) * 7 > (width - 90) / Math.max(1, categories.length);
  }

  function bars(el: HTMLElement, c: Extract<Chart, { kind: 'bars' }>): void {
    const n = c.categories.length;
    const xs = c.categories.map((_, i) => i);
    const data: (number | null)[][] = [xs];
    let drawn = 0;
    // a series marked `points` (a sweep's best and worst beside its mean) is drawn as dots over the bars,
    // as the line chart draws it; only the others are bars, side by side when there are two
    const many = c.series.filter((s) => !s.points).length;
    let bar = 0;
    const series: uPlot.Series[] = [{ label: 'category' }];
    c.series.forEach((s, k) => {
      const ys = s.y.map((v) => (c.yLog ? log10OrNull(v) : finiteOrNull(v)));
      drawn += ys.filter((v) => v !== null).length;
      data.push(ys);
      const color = PALETTE[k % PALETTE.length]!;
      if (s.points) {
        series.push({
          label: s.label,
          stroke: color,
          paths: () => null,
          points: { show: true, size: 7, fill: color },
        });
        return;
      }
      const b = bar++;
      series.push({
        label: s.label,
        stroke: color,
        fill: `${color}bb`,
        paths: U.paths.bars!({
          size: [many === 2 ? 0.4 : 0.7, 60],
          align: many === 2 ? (b === 0 ? -1 : 1) : 0,
        }),
        points: { show: false },
        // bars rise from the bottom of the axis (on a log axis 0 is 1e0, not the bottom)
        fillTo: (u) => u.scales.y!.min ?? 0,
      });
    });
    const opts: uPlot.Options = {
      width: widthOf(el),
      height: HEIGHT,
      scales: {
        x: { time: false, range: () => [-0.5, n - 0.5] },
        y: c.yLog ? { range: decadeRange } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        {
          splits: () => xs,
          values: (_u, splits) => splits.map((v) => c.categories[Math.round(v)] ?? ''),
          // names that would run into each other (λ = 1e-5, 0.0001, …: ~7 px a character) are turned
          ...(tight(c.categories, widthOf(el)) ? { rotate: -40, size: 56 } : {}),
        },
        c.yLog ? logAxis(c.yLabel, 70) : { label: c.yLabel, size: 70 },
      ],
      legend: { live: false },
      series,
    };
    new U(opts, data as uPlot.AlignedData, el);
    mark(el, drawn);
  }

  /** cell edges from centres: midpoints, with the end cells as wide as their neighbour's half-gap */
  function edges(centres: readonly number[]): number[] {
    const n = centres.length;
    if (n === 1) return [centres[0]! - 0.5, centres[0]! + 0.5];
    const e = [centres[0]! - (centres[1]! - centres[0]!) / 2];
    for (let i = 0; i < n - 1; i++) e.push((centres[i]! + centres[i + 1]!) / 2);
    e.push(centres[n - 1]! + (centres[n - 1]! - centres[n - 2]!) / 2);
    return e;
  }

  function heatmap(el: HTMLElement, c: Extract<Chart, { kind: 'heatmap' }>): void {
    const xe = edges(c.x);
    const ye = edges(c.y);
    const toColor = (v: number | null): number | null => {
      if (v === null || !Number.isFinite(v)) return null;
      if (c.colorLog) return v > 0 ? Math.log10(v) : null;
      return v;
    };
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let drawn = 0;
    for (const row of c.values)
      for (const v of row) {
        const t = toColor(v);
        if (t === null) continue;
        lo = Math.min(lo, t);
        hi = Math.max(hi, t);
        drawn++;
      }
    if (!(hi > lo)) hi = lo + 1;
    const paint = (u: uPlot): void => {
      const ctx = u.ctx;
      ctx.save();
      for (let r = 0; r < c.y.length; r++) {
        const y0 = u.valToPos(ye[r]!, 'y', true);
        const y1 = u.valToPos(ye[r + 1]!, 'y', true);
        for (let k = 0; k < c.x.length; k++) {
          const t = toColor(c.values[r]?.[k] ?? null);
          const x0 = u.valToPos(xe[k]!, 'x', true);
          const x1 = u.valToPos(xe[k + 1]!, 'x', true);
          ctx.fillStyle = t === null ? '#dddddd' : ramp((t - lo) / (hi - lo));
          ctx.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0) + 1, Math.abs(y1 - y0) + 1);
        }
      }
      ctx.restore();
    };
    const opts: uPlot.Options = {
      width: widthOf(el),
      height: HEIGHT,
      scales: {
        x: { time: false, range: () => [xe[0]!, xe[xe.length - 1]!] },
        y: { range: () => [ye[0]!, ye[ye.length - 1]!] },
      },
      // rows are whole layers: integer ticks only
      axes: [{ label: c.xLabel }, { label: c.yLabel, size: 60, incrs: [1, 2, 5, 10, 20, 50, 100] }],
      series: [{ label: c.xLabel }, { label: c.colorLabel, show: false }],
      legend: { show: false },
      cursor: { show: false },
      hooks: { drawClear: [paint] },
    };
    new U(opts, [c.x.slice(), c.x.map(() => null)] as uPlot.AlignedData, el);
    colorbar(el, lo, hi, c.colorLog, c.colorLabel);
    mark(el, drawn);
  }

  /** the colour scale as its own small uPlot, so its ticks come from the same axis code */
  function colorbar(el: HTMLElement, lo: number, hi: number, log: boolean, label: string): void {
    const box = document.createElement('div');
    box.className = 'colorbar';
    el.appendChild(box);
    const paint = (u: uPlot): void => {
      const { left, top, width, height } = u.bbox;
      const steps = 64;
      for (let i = 0; i < steps; i++) {
        u.ctx.fillStyle = ramp((i + 0.5) / steps);
        u.ctx.fillRect(left + (i * width) / steps, top, width / steps + 1, height);
      }
    };
    new U(
      {
        width: widthOf(el),
        // NOTE: the x axis (ticks + label) takes ~55 px; the rest is the ramp. At 70 px the ramp was ~0 px.
        height: 100,
        scales: { x: { time: false, range: () => [lo, hi] }, y: { range: () => [0, 1] } },
        axes: [
          { ...(log ? logAxis(label) : { label }), size: 34, labelSize: 20 },
          // an empty left axis as wide as the heatmap's, so the ramp lines up with its cells
          { label: ' ', size: 60, values: () => [], grid: { show: false }, ticks: { show: false } },
        ],
        series: [{ label }, { show: false }],
        legend: { show: false },
        cursor: { show: false },
        hooks: { drawClear: [paint] },
      },
      [
        [lo, hi],
        [null, null],
      ] as uPlot.AlignedData,
      box,
    );
  }

  function field(el: HTMLElement, c: Extract<Chart, { kind: 'field' }>): void {
    const [x0, x1, y0, y1] = c.extent;
    const n = c.resolution;
    const paint = (u: uPlot): void => {
      const ctx = u.ctx;
      const dx = (x1 - x0) / n;
      const dy = (y1 - y0) / n;
      for (let r = 0; r < n; r++) {
        const ya = u.valToPos(y0 + r * dy, 'y', true);
        const yb = u.valToPos(y0 + (r + 1) * dy, 'y', true);
        for (let k = 0; k < n; k++) {
          const xa = u.valToPos(x0 + k * dx, 'x', true);
          const xb = u.valToPos(x0 + (k + 1) * dx, 'x', true);
          ctx.fillStyle = diverging(c.values[r * n + k]!);
          ctx.fillRect(Math.min(xa, xb), Math.min(ya, yb), Math.abs(xb - xa) + 1, Math.abs(yb - ya) + 1);
        }
      }
    };
    const drawPoints = (u: uPlot): void => {
      const ctx = u.ctx;
      const r = 3.5 * U.pxRatio;
      ctx.lineWidth = U.pxRatio;
      c.points.x.forEach((px, i) => {
        ctx.beginPath();
        ctx.arc(u.valToPos(px, 'x', true), u.valToPos(c.points.y[i]!, 'y', true), r, 0, 2 * Math.PI);
        ctx.fillStyle = c.points.label[i]! > 0.5 ? '#a50f15' : '#08306b';
        ctx.strokeStyle = '#ffffff';
        ctx.fill();
        ctx.stroke();
      });
    };
    const size = Math.min(widthOf(el), 380);
    new U(
      {
        width: size,
        height: size,
        scales: { x: { time: false, range: () => [x0, x1] }, y: { range: () => [y0, y1] } },
        axes: [{ label: 'x1' }, { label: 'x2', size: 50 }],
        series: [{ label: 'x1' }, { label: 'P(class 1)', show: false }],
        legend: { show: false },
        cursor: { show: false },
        hooks: { drawClear: [paint], draw: [drawPoints] },
      },
      [
        [x0, x1],
        [null, null],
      ] as uPlot.AlignedData,
      el,
    );
    mark(el, c.values.length);
  }

  for (const { id, chart } of placed) {
    const el = document.getElementById(id);
    if (!el) throw new Error(`report: no element #${id} for chart "${chart.title}"`);
    if (chart.kind === 'line') line(el, chart);
    else if (chart.kind === 'bars') bars(el, chart);
    else if (chart.kind === 'heatmap') heatmap(el, chart);
    else field(el, chart);
  }
}
