// Train and validation curves (loss, accuracy) with uPlot. Points arrive in update deltas; the chart
// keeps plain arrays and redraws at most once per animation frame.

import uPlot from 'uplot';

/** Past this many points, every other point is dropped (the curves keep their whole history). */
const MAX_POINTS = 4000;

export interface CurveChart {
  readonly element: HTMLElement;
  append(step: Float64Array, train: Float64Array, val: Float64Array): void;
  clear(): void;
  draw(): void;
  resize(width: number): void;
  /** number of points held */
  readonly size: number;
}

const nullable = (v: number): number | null => (Number.isFinite(v) ? v : null);
// NOTE: uPlot hands a null tick where a split has no value (a log axis over an empty or one-decade range)
const tickText = (t: number | null): string =>
  t === null || !Number.isFinite(t)
    ? ''
    : t >= 0.01 && t < 1e4
      ? String(Number(t.toPrecision(2)))
      : t.toExponential(0);

export function createCurveChart(opts: {
  title: string;
  yLabel: string;
  width: number;
  height: number;
  range?: [number, number];
  /** a log-10 y axis (values ≤ 0 are left out) */
  log?: boolean;
}): CurveChart {
  const element = document.createElement('figure');
  element.className = 'chart';
  const caption = document.createElement('figcaption');
  caption.textContent = opts.title;
  element.append(caption);
  const x: number[] = [];
  const train: (number | null)[] = [];
  const val: (number | null)[] = [];
  let dirty = false;
  const shown = (v: number): number | null => (opts.log && !(v > 0) ? null : nullable(v));
  const plot = new uPlot(
    {
      width: opts.width,
      height: opts.height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false },
        y: opts.range ? { range: opts.range } : opts.log ? { distr: 3, log: 10 } : { auto: true },
      },
      axes: [
        { label: 'step' },
        // NOTE: uPlot's default tick text rounds 1e-4 to "0" on a log axis; powers of ten say what they are
        opts.log
          ? { label: opts.yLabel, size: 56, values: (_u: uPlot, ticks: number[]) => ticks.map(tickText) }
          : { label: opts.yLabel, size: 56 },
      ],
      series: [
        { label: 'step' },
        { label: 'train (whole set, eval mode)', stroke: '#1f6feb', width: 1.5, spanGaps: true },
        { label: 'validation', stroke: '#d9480f', width: 1.5, dash: [6, 3], spanGaps: true },
      ],
    },
    [[], [], []],
    element,
  );
  plot.root.setAttribute('role', 'img');
  plot.root.setAttribute('aria-label', `${opts.title}: train and validation by step`);

  const thin = (a: unknown[]): void => {
    let j = 0;
    for (let i = 0; i < a.length; i += 2) a[j++] = a[i];
    a.length = j;
  };

  return {
    element,
    append(step, t, v) {
      for (let i = 0; i < step.length; i++) {
        x.push(step[i]!);
        train.push(shown(t[i]!));
        val.push(shown(v[i]!));
      }
      if (x.length > MAX_POINTS) for (const a of [x, train, val]) thin(a);
      if (step.length > 0) dirty = true;
    },
    clear() {
      x.length = 0;
      train.length = 0;
      val.length = 0;
      dirty = true;
    },
    draw() {
      if (!dirty) return;
      dirty = false;
      plot.setData([x, train, val] as uPlot.AlignedData);
    },
    resize(width) {
      plot.setSize({ width, height: opts.height });
    },
    get size() {
      return x.length;
    },
  };
}
