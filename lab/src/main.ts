// The page: settings, presets, play controls and one run (two with Compare). It wires events to workers
// and updates to views; every number it shows was computed in a worker by the core.

import 'uplot/dist/uPlot.min.css';
import './lab.css';
import { FILE_LIMITS, isCsvSource, parseCsv } from '../../src/index.js';
import { COMPARE_PICKS, compareState } from './compare.js';
import { createControls } from './controls.js';
import { STEP_LIMIT } from './diagnose.js';
import { type ExportKind, saveExport } from './export.js';
import { createRateCounter } from './frame-rate.js';
import { withImageSizes } from './image-sizes.js';
import { createLessonCard } from './lesson-card.js';
import { createMessages } from './messages.js';
import { CONTINUABLE_KEYS, readPace } from './pace.js';
import { DEFAULT_LIMIT, PRESETS } from './presets.js';
import { createSlot, type Slot } from './slot.js';
import { DEFAULT_STATE, type LabState, parseState, sameState } from './state.js';
import { readUrlState, stateToSearch } from './url-state.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const messages = createMessages($('message'));
const runs = $('runs');
const presetNote = $('preset-note');
/** the uploaded CSVs the trainer accepted, by name: picking one in Dataset trains on its own rows */
const csvFiles = new Map<string, string>();
/** an upload on its way to the worker: kept only once the trainer accepts it */
let csvPending: { name: string; text: string } | null = null;
let playing = true;
let compareDiff: string | null = null;
let target: LabState = DEFAULT_STATE;
/** the last change to A only touched the update's settings: B goes on from its weights too */
let resumeB = false;

const say = (text: string): void => messages.show(text);
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const slotA = createSlot('Run A', false, {
  accepted(state, continued) {
    if (continued) say(`Continuing from step ${slotA.view.latest?.step ?? 0} with the new settings.`);
    if (csvPending && state.data === csvPending.name) {
      csvFiles.set(csvPending.name, csvPending.text);
      csvPending = null;
    }
    controls.set(state);
    writeUrl();
    if (compareDiff !== null) configureB();
  },
  refused(message) {
    // a CSV the trainer refused never replaces the one kept under its name
    csvPending = null;
    if (slotA.good) {
      say(`Settings not applied — ${message}. The previous run continues.`);
      controls.set(slotA.good);
      writeUrl();
      return;
    }
    // nothing runs yet (a link the trainer refused, e.g. bce on sine): fall back to the defaults
    say(`Settings not applied — ${message}. Showing the default configuration.`);
    if (!sameState(target, DEFAULT_STATE)) apply(DEFAULT_STATE);
  },
  runError(message) {
    say(message);
    // a run stopped at its first NaN/Inf: the play button must not keep saying "Pause"
    if (!slotB) showPlaying(false);
  },
  exported: (kind, json, bytes) => saveExport(kind, json, bytes, 'gradscope-run-a'),
  applyFix: (fix) => applyFix(fix),
  progressed: () => stoppedAtLimit(),
});
runs.append(slotA.view.element);

/** Every run reached its step limit: the play button says Play again. */
function stoppedAtLimit(): void {
  // NOTE: an update of the run being replaced may still say "at its limit": only the current runs count
  const done = [slotA, slotB].every((s) => s === null || (!s.configuring && s.view.latest?.atLimit === true));
  if (playing && done) showPlaying(false);
}
let slotB: Slot | null = null;

const controls = createControls((raw) => applyRaw(raw));
$('controls').append(controls.element);

function csvFor(state: LabState): string | null {
  if (!isCsvSource(state.data)) return null;
  if (csvPending?.name === state.data) return csvPending.text;
  return csvFiles.get(state.data) ?? null;
}

/**
 * Validate raw settings over the current target and, if they pass, send them to the worker. A change of
 * the update's settings only (lr, the penalties, the clip) goes on from the current weights.
 */
function applyRaw(raw: Readonly<Record<string, string>>): void {
  messages.clear();
  try {
    const base = slotA.good ?? target;
    const next = withImageSizes(parseState(raw, base), base);
    const changed = (Object.keys(next) as (keyof LabState)[]).filter((k) => next[k] !== base[k]);
    // the same settings again (a second change event): the run goes on untouched
    if (changed.length === 0 && slotA.good) return;
    apply(next, changed.length > 0 && changed.every((k) => CONTINUABLE_KEYS.has(k)));
  } catch (err) {
    say(`Settings not applied — ${errorText(err)}. The previous run continues.`);
    if (slotA.good) controls.set(slotA.good);
  }
}

/**
 * "Apply fix": a fresh run with the fix (a before/after comparison), playing whatever state it was in. A
 * raised Step limit ("train longer") is the page's pace: the same run goes on from its weights.
 */
function applyFix(raw: Readonly<Record<string, string>>): void {
  messages.clear();
  const { [STEP_LIMIT]: longer, ...settings } = raw;
  try {
    if (longer !== undefined) {
      setLimit(Number(longer));
      say(`Step limit raised to ${longer}: the run goes on from step ${slotA.view.latest?.step ?? 0}.`);
    }
    if (Object.keys(settings).length > 0) apply(parseState(settings, slotA.good ?? target));
    setPlaying(true);
  } catch (err) {
    say(`Fix not applied — ${errorText(err)}.`);
  }
}

function apply(state: LabState, resume = false): void {
  if (isCsvSource(state.data) && csvFor(state) === null) {
    say(`${state.data} is not loaded: a link cannot carry the file, so upload it with "Upload CSV".`);
    if (slotA.good) controls.set(slotA.good);
    return;
  }
  target = state;
  slotA.configure(state, csvFor(state), resume);
  resumeB = resume;
}

// ---- pace: speed and step limit --------------------------------------------------------------------------

const speedInput = $<HTMLSelectElement>('speed');
const limitInput = $<HTMLInputElement>('limit');
const pace = readPace(location.search, DEFAULT_LIMIT);
speedInput.value = pace.speed;
limitInput.value = String(pace.limit);

function epochsPerSec(): number | null {
  return speedInput.value === 'max' ? null : Number(speedInput.value);
}
function sendPace(): void {
  const limit = Number(limitInput.value);
  const ok = Number.isInteger(limit) && limit >= 1;
  for (const slot of [slotA, slotB]) slot?.client.pace(epochsPerSec(), ok ? limit : null);
}
function setLimit(limit: number): void {
  limitInput.value = String(limit);
  sendPace();
}
speedInput.addEventListener('change', sendPace);
limitInput.addEventListener('change', () => {
  const limit = Number(limitInput.value);
  if (!Number.isInteger(limit) || limit < 1) {
    say(`Step limit not applied — expected a whole number ≥ 1, got ${JSON.stringify(limitInput.value)}.`);
    return;
  }
  messages.clear();
  const at = Math.max(slotA.view.latest?.step ?? 0, slotB?.view.latest?.step ?? 0);
  if (limit < at)
    say(`Step limit ${limit} is below step ${at}: the run stops where it is; raise the limit to go on.`);
  sendPace();
});
sendPace();

function writeUrl(): void {
  const good = slotA.good ?? target;
  const compare = compareDiff === null ? '' : `&compare=${encodeURIComponent(compareDiff)}`;
  history.replaceState(null, '', `${location.pathname}${stateToSearch(good)}${compare}`);
}

// ---- compare ---------------------------------------------------------------------------------------

const compareToggle = $<HTMLInputElement>('compare');
const compareInput = $<HTMLInputElement>('compare-diff');

function configureB(): void {
  if (!slotB || !slotA.good || compareDiff === null) return;
  try {
    const b = compareState(slotA.good, compareDiff);
    slotB.configure(b, csvFor(b), resumeB);
    slotB.view.setChanges(
      `changes against run A: ${[...new URLSearchParams(compareDiff)].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
  } catch (err) {
    say(`Compare settings not applied — ${errorText(err)}.`);
  }
}

function setCompare(diff: string | null): void {
  if (diff !== null && slotA.good) {
    try {
      compareState(slotA.good, diff);
    } catch (err) {
      say(`Compare settings not applied — ${errorText(err)}. Run B keeps its previous settings.`);
      compareInput.value = compareDiff ?? diff;
      return;
    }
  }
  compareDiff = diff;
  compareToggle.checked = diff !== null;
  compareInput.disabled = diff === null;
  if (diff !== null) compareInput.value = diff;
  runs.classList.toggle('compare', diff !== null);
  if (diff === null) {
    slotB?.dispose();
    slotB = null;
    shareStepAxis();
  } else if (!slotB) {
    slotB = createSlot('Run B', true, {
      accepted: () => undefined,
      refused: (m) => say(`Compare settings not applied — ${m}. Run B keeps its previous settings.`),
      runError: (m) => say(`Run B: ${m}`),
      exported: (kind, json, bytes) => saveExport(kind, json, bytes, 'gradscope-run-b'),
      applyFix: (fix) => {
        if (STEP_LIMIT in fix) return applyFix(fix);
        const merged = new URLSearchParams(compareDiff ?? '');
        for (const [k, v] of Object.entries(fix)) merged.set(k, v);
        setCompare(merged.toString());
      },
      progressed: () => stoppedAtLimit(),
    });
    runs.append(slotB.view.element);
    sendPace();
    slotA.view.element.classList.add('compact');
    // NOTE: a run already stopped at its step limit leaves the page paused; B then starts anyway, to
    // reach the same limit (it waited at step 0 for a Play, saying only "paused"), and so does A: at its
    // limit it stays there, and restarted by a Compare pick it trains (it stayed at step 0, paused, under
    // a button that said Pause)
    if (playing || slotA.view.latest?.atLimit) setPlaying(true);
  }
  slotA.view.element.classList.toggle('compact', diff !== null);
  configureB();
  if (slotA.good) writeUrl();
}

compareToggle.addEventListener('change', () => setCompare(compareToggle.checked ? compareInput.value : null));
compareInput.addEventListener('change', () => setCompare(compareInput.value));
for (const pick of COMPARE_PICKS) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = pick.label;
  b.addEventListener('click', () => {
    messages.clear();
    compareDiff = pick.diff;
    setLimit(pick.limit);
    apply({ ...DEFAULT_STATE, seed: (slotA.good ?? target).seed, ...pick.a });
    setCompare(pick.diff);
  });
  $('compare-picks').append(b);
}

// ---- play controls, presets, CSV, export ----------------------------------------------------------------

function showPlaying(on: boolean): void {
  playing = on;
  $('play').setAttribute('aria-pressed', String(on));
  $('play').textContent = on ? 'Pause' : 'Play';
}

function setPlaying(on: boolean): void {
  showPlaying(on);
  for (const s of [slotA, slotB]) {
    if (on) s?.client.play();
    else s?.client.pause();
  }
}

$('play').addEventListener('click', () => setPlaying(!playing));
$('step').addEventListener('click', () => {
  setPlaying(false);
  slotA.client.step(1);
  slotB?.client.step(1);
});
// Regenerate: a new draw of the data (its own seed), the same weights: the run goes on from them
$('regenerate').addEventListener('click', () => {
  messages.clear();
  const base = slotA.good ?? target;
  apply({ ...base, dataSeed: (base.dataSeed ?? base.seed) + 1 }, true);
});
$('reset').addEventListener('click', () => {
  messages.clear();
  slotA.client.reset();
  slotB?.client.reset();
});

const lesson = createLessonCard({
  runs: () => [
    { label: 'Run A', update: slotA.view.latest },
    ...(slotB ? [{ label: 'Run B', update: slotB.view.latest }] : []),
  ],
  // before/after: both runs from step 0, side by side, playing
  compare: (diff) => {
    setCompare(diff);
    slotA.client.reset();
    setPlaying(true);
  },
  // an initializer by outcome: the preset's run from step 0 with it
  choose: (p, choice) => {
    messages.clear();
    presetNote.textContent = `${p.title}, ${choice.label} (${choice.means}): ${p.sentence}`;
    setLimit(p.limit);
    apply({ ...DEFAULT_STATE, ...p.state, ...choice.state, seed: (slotA.good ?? target).seed });
    setPlaying(true);
  },
});
presetNote.after(lesson.element);

for (const p of PRESETS) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = p.title;
  b.dataset.preset = p.id;
  b.title = p.sentence;
  b.addEventListener('click', () => {
    messages.clear();
    presetNote.textContent = `${p.title}: ${p.sentence}`;
    lesson.show(p);
    setLimit(p.limit);
    apply({ ...DEFAULT_STATE, ...p.state, seed: (slotA.good ?? target).seed });
    setPlaying(true);
  });
  $('presets').append(b);
}

$<HTMLInputElement>('csv').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) return;
  const name = isCsvSource(file.name) ? file.name : `${file.name}.csv`;
  // the CLI's limit on a CSV (src/cli/io.ts), checked before a byte is read
  const limit = FILE_LIMITS.csv;
  if (file.size > limit.bytes) {
    say(
      `CSV not loaded — ${name}: expected at most ${limit.bytes} bytes (${limit.why}), got ${file.size}. The previous run continues.`,
    );
    input.value = '';
    return;
  }
  // the bytes, checked as the CLI checks them (a byte that is not UTF-8 is refused, never read as U+FFFD),
  // then the text the worker parses again
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    parseCsv(bytes, { source: name });
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    say(`CSV not loaded — ${errorText(err)}. The previous run continues.`);
    input.value = '';
    return;
  }
  messages.clear();
  csvPending = { name, text };
  apply({ ...(slotA.good ?? target), data: name });
});

const exportFrom = (kind: ExportKind): void => {
  slotA.requestExport(kind);
  slotB?.requestExport(kind);
};
$('export-json').addEventListener('click', () => exportFrom('json'));
$('export-model').addEventListener('click', () => exportFrom('safetensors'));

// ---- animation loop and the numbers a test or benchmark reads -------------------------------------------

const frames = createRateCounter();
const viewUpdates = createRateCounter();
/**
 * NOTE: the views repaint at most every 50 ms alone, and every 100 ms in Compare with both runs in one
 * frame: the two workers' updates (each every 50 ms) otherwise land in different frames, and the page's
 * painting took most of a core from the two workers on a 2-core machine (bench/lab.js: 42% → 45% of the
 * solo steps/s for each run).
 */
const drawMs = (): number => (slotB ? 100 : 50);
let lastDraw = Number.NEGATIVE_INFINITY;
/**
 * Compare: each run trains at its own pace, so the step-indexed views share one step axis, 0 to the step
 * of the run that is furthest: a slower run's curves and heatmap end short of the faster one's, at their
 * own step. (A step limit stops both at the same step, where the final pictures compare exactly.)
 */
function shareStepAxis(): void {
  const span = slotB ? Math.max(slotA.view.latest?.step ?? 0, slotB.view.latest?.step ?? 0) : null;
  slotA.view.setStepSpan(span);
  slotB?.view.setStepSpan(span);
}
function frame(now: number): void {
  frames.tick(now);
  // NOTE: a frame's timestamp can fall a little short of the last one plus 50 ms: 2 ms of slack
  if (now - lastDraw >= drawMs() - 2) {
    shareStepAxis();
    const a = slotA.view.draw();
    const b = slotB?.view.draw() ?? false;
    if (a || b) {
      viewUpdates.tick(now);
      lastDraw = now;
    }
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

const w = window as unknown as { gradscopeLab: unknown };
w.gradscopeLab = {
  stats() {
    const now = performance.now();
    const s = slotA.view.latest;
    return {
      step: s?.step ?? 0,
      stepsPerSec: s?.stepsPerSec ?? 0,
      stepAt: s?.at ?? 0,
      viewFps: viewUpdates.rate(now),
      frameFps: frames.rate(now),
      verdict: s?.diagnosis?.verdict.join(',') ?? '',
      verdictStep: s?.diagnosis?.step ?? null,
      playing,
      runIdA: slotA.view.runId,
      stepB: slotB?.view.latest?.step ?? null,
      atLimit: s?.atLimit ?? false,
      atLimitB: slotB?.view.latest?.atLimit ?? null,
      limit: s?.limit ?? null,
    };
  },
  state: () => slotA.good,
};

// ---- start from the URL --------------------------------------------------------------------------------

const fromUrl = readUrlState(location.search);
const compareParam = new URLSearchParams(location.search).get('compare');
let start = DEFAULT_STATE;
if (fromUrl && 'error' in fromUrl) {
  say(`The link's settings were not used — ${fromUrl.error}. Showing the default configuration.`);
} else if (fromUrl) start = fromUrl.state;
if (isCsvSource(start.data)) {
  say(`${start.data} is not loaded: a link cannot carry the file, so upload it with "Upload CSV".`);
  start = { ...start, data: DEFAULT_STATE.data };
}
controls.set(start);
apply(start);
setPlaying(true);
if (compareParam !== null) setCompare(compareParam);

// ---- classroom mode: ?hide=optimizer,l1 hides those controls, ?lesson=vanishing opens that lesson ----------

const params = new URLSearchParams(location.search);
controls.hide((params.get('hide') ?? '').split(',').filter(Boolean));
const opening = PRESETS.find((p) => p.id === params.get('lesson'));
if (opening) document.querySelector<HTMLButtonElement>(`[data-preset="${opening.id}"]`)?.click();
else if (params.has('lesson'))
  say(`No lesson "${params.get('lesson')}": the lessons are ${PRESETS.map((p) => p.id).join(', ')}.`);
