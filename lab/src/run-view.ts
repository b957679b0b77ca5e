// Every view of one run, fed by one worker: boundary, curves, heatmap, layer bars, diagnosis, stats.
// Updates only mark views dirty; drawing happens once per animation frame.

import { createLayerBars } from './bars.js';
import { createBoundaryView } from './boundary-view.js';
import { createCurveChart, STEP_WINDOW, type StepAxis } from './charts.js';
import { createDiagnosisView } from './diagnosis-view.js';
import { createHeatmap } from './heatmap.js';
import { createHistograms } from './histograms.js';
import { howToRead } from './how-to-read.js';
import { createImageGrid } from './image-grid.js';
import { createLiveNumbers } from './live-numbers.js';
import { createNetworkView } from './network-view.js';
import type { RunInfo, RunUpdate } from './protocol.js';
import { createSelect } from './select.js';

export interface RunView {
  readonly element: HTMLElement;
  setRun(info: RunInfo): void;
  /** the same run goes on with other points (Regenerate data) */
  setData(info: RunInfo): void;
  update(s: RunUpdate): void;
  /** a progress line while a new network builds and takes its first step (a depth-100 net takes seconds) */
  notice(text: string): void;
  /** Compare: the step-indexed views (curves, heatmap) run from 0 to `span`, the furthest run's step, so
   * both runs read on one step axis; null: this run's own steps */
  setStepSpan(span: number | null): void;
  /** Compare: what this run changes against run A (shown under its heading); null: nothing */
  setChanges(text: string | null): void;
  /** redraw what changed; returns whether anything was drawn */
  draw(): boolean;
  readonly runId: number;
  readonly latest: RunUpdate | null;
}

export function createRunView(opts: {
  compact: boolean;
  label: string;
  onApplyFix: (fix: Readonly<Record<string, string>>) => void;
  /** the network view's hover card set W_layer[row, col] */
  onEditWeight?: (layer: number, row: number, col: number, value: number) => void;
}): RunView {
  const w = opts.compact ? 300 : 420;
  const element = document.createElement('section');
  element.className = `run ${opts.compact ? 'compact' : ''}`;
  element.setAttribute('aria-label', opts.label);
  const title = document.createElement('h2');
  title.textContent = opts.label;
  const changes = document.createElement('p');
  changes.className = 'changes';
  changes.dataset.testid = 'changes';
  changes.hidden = true;
  const stats = document.createElement('p');
  stats.className = 'stats';
  stats.dataset.testid = 'stats';
  stats.setAttribute('aria-live', 'off');
  const numbers = createLiveNumbers();
  const boundary = createBoundaryView(opts.compact ? 260 : 300);
  const diagnosis = createDiagnosisView(opts.label, opts.onApplyFix);
  // log y: a loss of 2e7 at step 1 and 0.01 at the end are both on the chart
  const loss = createCurveChart({
    title: 'loss (log scale)',
    yLabel: 'loss',
    width: w,
    height: 170,
    log: true,
    batch: true,
  });
  const acc = createCurveChart({
    title: 'accuracy',
    yLabel: 'accuracy',
    width: w,
    height: 170,
    range: [0, 1],
  });
  const heat = createHeatmap({ width: opts.compact ? 300 : 520, height: 160 });
  const bars = createLayerBars({ width: opts.compact ? 140 : 170, height: 90 });
  // image data: the validation images in place of the boundary; every run: the per-layer histograms
  const grid = createImageGrid();
  const histograms = createHistograms();
  const network = createNetworkView({ label: opts.label, onEdit: (...a) => opts.onEditWeight?.(...a) });
  network.element.append(howToRead('network'));
  // the mean-field prediction: the phase in words beside the diagnosis, the factors dashed on the bars
  const theory = document.createElement('p');
  theory.className = 'theory';
  // the first screen: the boundary beside the heatmap and the verdict; curves and bars below
  boundary.element.append(howToRead('boundary'));
  heat.element.append(howToRead('heatmap'));
  diagnosis.element.append(howToRead('diagnosis'));
  const top = document.createElement('div');
  top.className = 'row top';
  const side = document.createElement('div');
  side.className = 'side';
  side.append(heat.element, diagnosis.element, theory);
  top.append(boundary.element, grid.element, side);
  const curves = document.createElement('div');
  curves.className = 'row curves';
  curves.append(loss.element, acc.element);
  // a long run stays readable: log₁₀ steps, or the latest STEP_WINDOW steps
  const axisPick = createSelect<StepAxis>(
    'curves step axis',
    [
      ['linear', 'step axis: the whole run'],
      ['log', 'step axis: log scale'],
      ['window', `step axis: the last ${STEP_WINDOW.toLocaleString('en')} steps`],
    ],
    'step-axis',
  );
  axisPick.addEventListener('change', () => {
    for (const c of [loss, acc]) c.setStepAxis(axisPick.value as StepAxis);
  });
  element.append(
    title,
    changes,
    stats,
    numbers.element,
    top,
    axisPick,
    curves,
    howToRead('curves'),
    network.element,
    bars.element,
    howToRead('bars'),
    histograms.element,
  );
  // the views take the width their column has: a phone's 350 px, a projector's 900, a 1920 screen's 1500
  const fit = (): void => {
    // NOTE: the heatmap's own figure, not .side: a narrow run lays .side out as display: contents (lab.css)
    const heatWidth = heat.element.clientWidth;
    if (heatWidth > 0) heat.resize(Math.min(1400, heatWidth - 100));
    const row = curves.clientWidth;
    if (row > 0) {
      const each = row >= 640 ? Math.floor((row - 12) / 2) : row;
      loss.resize(Math.min(900, each));
      acc.resize(Math.min(900, each));
    }
    const netWidth = network.element.clientWidth;
    if (netWidth > 0) network.resize(netWidth);
  };
  // NOTE: fit in the next frame, not inside the observer's callback: resizing canvases there changes the
  // layout it observes, and a loaded machine then reports "ResizeObserver loop" errors
  let fitting = false;
  new ResizeObserver(() => {
    if (fitting) return;
    fitting = true;
    requestAnimationFrame(() => {
      fitting = false;
      fit();
    });
  }).observe(element);

  let runId = -1;
  let latest: RunUpdate | null = null;
  let statsDirty = false;
  let regression = false;

  return {
    element,
    get runId() {
      return runId;
    },
    get latest() {
      return latest;
    },
    setRun(info) {
      runId = info.runId;
      latest = null;
      statsDirty = false;
      regression = info.task === 'regression';
      boundary.setRun(info);
      boundary.element.hidden = Boolean(info.images);
      grid.setImages(info.images ?? null);
      histograms.clear();
      loss.clear();
      acc.clear();
      heat.reset(info.layers);
      network.reset();
      bars.setTheory(info.theory.factors);
      theory.textContent = info.theory.sentence;
      diagnosis.clear();
      numbers.show(null, regression);
      acc.element.hidden = regression;
      title.textContent = `${opts.label} — ${info.layers - 1} hidden layers, ${info.params} parameters, loss ${info.loss}, batch ${info.batchSize}`;
      stats.textContent = `built ${info.params} parameters; taking the first step…`;
    },
    setData(info) {
      runId = info.runId;
      boundary.setRun(info);
    },
    notice(text) {
      stats.textContent = text;
    },
    setStepSpan(span) {
      for (const v of [loss, acc, heat]) v.setStepSpan(span);
    },
    setChanges(text) {
      changes.textContent = text ?? '';
      changes.hidden = text === null;
    },
    update(s) {
      if (s.runId !== runId) return;
      latest = s;
      loss.append(s.curve.step, s.curve.trainLoss, s.curve.valLoss, s.curve.batchLoss);
      if (!regression) acc.append(s.curve.step, s.curve.trainAcc, s.curve.valAcc);
      heat.append(s.heat.step, s.heat.gradNorm, s.heat.signal);
      const logged = s.latest?.step ?? null;
      bars.update(s.layers, s.diagnosis?.verdict.includes('non-finite') ?? false, {
        logged,
        probed: s.probeStep,
      });
      // the boundary is computed from the weights of the update's own step
      if (s.boundary) boundary.update(s.boundary, s.step);
      if (s.grid) grid.update(s.grid);
      if (s.histograms) histograms.update(s.histograms);
      if (s.network) network.update(s.network, s.layers, logged);
      diagnosis.update(s.diagnosis, s.clip);
      statsDirty = true;
    },
    draw() {
      const s = latest;
      if (!statsDirty || !s) {
        // a resize marks a view dirty while the run stands still (paused, or at its limit)
        heat.draw();
        loss.draw();
        acc.draw();
        boundary.draw();
        network.draw();
        return false;
      }
      statsDirty = false;
      // NOTE: a limit lowered below the run's step stops it where it stands, past the limit
      const past = s.limit !== null && s.step > s.limit;
      const of = s.limit === null || past ? '' : ` of ${s.limit}`;
      const state = past
        ? `stopped: the step limit ${s.limit} is below this step`
        : s.atLimit
          ? 'stopped at the step limit'
          : s.playing
            ? 'playing'
            : 'paused';
      stats.textContent = `step ${s.step}${of} · epoch ${s.epoch} · ${s.stepsPerSec} steps/s · ${state}`;
      stats.dataset.step = String(s.step);
      numbers.show(s.latest, regression);
      boundary.draw();
      grid.draw();
      histograms.draw();
      loss.draw();
      acc.draw();
      heat.draw();
      bars.draw();
      network.draw();
      return true;
    },
  };
}
