// Train and validation curves (loss, accuracy) with uPlot. Points arrive in update deltas; the chart
// keeps plain arrays and redraws at most once per animation frame.

import uPlot from 'uplot';

/** Past this many points, every other point is dropped (the curves keep their whole history). */
const MAX_POINTS = 4000;
/** the 'window' step axis shows this many of the latest steps */
export const STEP_WINDOW = 2000;

/** the step axis: linear over the whole run, log₁₀(step), or the latest STEP_WINDOW steps */
export type StepAxis = 'linear' | 'log' | 'window';

export interface CurveChart {
  readonly element: HTMLElement;
  /** batch: the step's own batch loss, drawn only where the whole-set value is not finite */
  append(step: Float64Array, train: Float64Array, val: Float64Array, batch?: Float64Array): void;
  setStepAxis(axis: StepAxis): void;
  /** Compare: the step axis runs from 0 to `span` (the step of the run that is furthest), so two runs'
   * charts align by step; null: the axis fits this run's own steps */
  setStepSpan(span: number | null): void;
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
    : t === 0
      ? '0'
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
  /** a third series: the batch loss where the whole-set loss is not finite */
  batch?: boolean;
}): CurveChart {
  const element = document.createElement('figure');
  element.className = 'chart';
  const caption = document.createElement('figcaption');
  caption.textContent = opts.title;
  element.append(caption);
  const x: number[] = [];
  const train: (number | null)[] = [];
  const val: (number | null)[] = [];
  const batch: (number | null)[] = [];
  let dirty = false;
  let stepAxis: StepAxis = 'linear';
  let span: number | null = null;
  // NOTE: the log axis plots log₁₀(step), step 0 at step 1, with ticks labelled as steps
  const xOf = (step: number): number => (stepAxis === 'log' ? Math.log10(Math.max(1, step)) : step);
  const shown = (v: number): number | null => (opts.log && !(v > 0) ? null : nullable(v));
  const plot = new uPlot(
    {
      width: opts.width,
      height: opts.height,
      legend: { show: true, live: false },
      hooks: {
        // the step range drawn, for a test to read
        setScale: [
          (u: uPlot, key: string) => {
            const { min, max } = u.scales.x!;
            if (key === 'x' && min !== undefined && max !== undefined)
              element.dataset.xRange = `${min},${max}`;
          },
        ],
      },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: {
          time: false,
          range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => {
            if (span !== null) {
              const top = Math.max(1, span);
              if (stepAxis === 'log') return [0, Math.log10(top)];
              return [stepAxis === 'window' ? Math.max(0, top - STEP_WINDOW) : 0, top];
            }
            return stepAxis === 'window' && max - min > STEP_WINDOW ? [max - STEP_WINDOW, max] : [min, max];
          },
        },
        y: opts.range ? { range: opts.range } : opts.log ? { distr: 3, log: 10 } : { auto: true },
      },
      axes: [
        {
          label: 'step',
          values: (_u: uPlot, ticks: number[]) =>
            ticks.map((t) => (stepAxis === 'log' ? tickText(10 ** t) : tickText(t))),
        },
        // NOTE: uPlot's default tick text rounds 1e-4 to "0" on a log axis; powers of ten say what they are
        opts.log
          ? { label: opts.yLabel, size: 56, values: (_u: uPlot, ticks: number[]) => ticks.map(tickText) }
          : { label: opts.yLabel, size: 56 },
      ],
      series: [
        { label: 'step' },
        { label: 'train (whole set, eval mode)', stroke: '#1f6feb', width: 1.5, spanGaps: true },
        { label: 'validation', stroke: '#d9480f', width: 1.5, dash: [6, 3], spanGaps: true },
        // exploding: the whole-set loss overflows, the step's own batch loss (2.4e7 at step 1) does not
        ...(opts.batch
          ? [
              {
                label: 'batch loss (where the whole-set loss is not finite)',
                stroke: '#7b2cbf',
                width: 1.5,
                spanGaps: true,
                points: { show: true, size: 6 },
              },
            ]
          : []),
      ],
    },
    opts.batch ? [[], [], [], []] : [[], [], []],
    element,
  );
  // the batch-loss key only where such points are drawn (an exploding run), not on every chart
  // NOTE: uPlot's legend has no row for the x series: the batch loss is the last row
  const keyRows = plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
  const batchKey = opts.batch ? (keyRows[keyRows.length - 1] ?? null) : null;
  if (batchKey) batchKey.style.display = 'none';
  plot.root.setAttribute('role', 'img');
  plot.root.setAttribute('aria-label', `${opts.title}: train and validation by step`);

  const thin = (a: unknown[]): void => {
    let j = 0;
    for (let i = 0; i < a.length; i += 2) a[j++] = a[i];
    a.length = j;
  };

  return {
    element,
    append(step, t, v, b) {
      for (let i = 0; i < step.length; i++) {
        x.push(step[i]!);
        const tt = shown(t[i]!);
        train.push(tt);
        val.push(shown(v[i]!));
        batch.push(tt === null && b ? shown(b[i]!) : null);
      }
      if (x.length > MAX_POINTS) for (const a of [x, train, val, batch]) thin(a);
      if (step.length > 0) dirty = true;
    },
    setStepAxis(axis) {
      stepAxis = axis;
      dirty = true;
    },
    setStepSpan(next) {
      if (next === span) return;
      span = next;
      dirty = true;
    },
    clear() {
      for (const a of [x, train, val, batch]) a.length = 0;
      dirty = true;
    },
    draw() {
      if (!dirty) return;
      dirty = false;
      element.dataset.stepAxis = stepAxis;
      const xs = stepAxis === 'log' ? x.map(xOf) : x;
      if (opts.batch) {
        const points = batch.filter((v) => v !== null).length;
        element.dataset.batchPoints = String(points);
        if (batchKey) batchKey.style.display = points > 0 ? '' : 'none';
        plot.setData([xs, train, val, batch] as uPlot.AlignedData);
      } else plot.setData([xs, train, val] as uPlot.AlignedData);
    },
    resize(width) {
      plot.setSize({ width, height: opts.height });
    },
    get size() {
      return x.length;
    },
  };
}
