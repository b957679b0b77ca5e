// The training worker: owns the session, steps it while playing, and posts a update at most every
// UPDATE_MS (typed arrays transferred). The page never trains; it only sends commands.

import { resolveConfig } from '../../src/index.js';
import { computeBoundary } from './boundary.js';
import { createJob } from './budget.js';
import { diagnoseSession } from './diagnose.js';
import { checkLabRows, isLabDataSet, loadLabData } from './image-data.js';
import { type ImageSet, imageSetOf, predictGrid } from './image-grid-data.js';
import { networkSnapshot } from './network-data.js';
import type { Diagnosis, FromWorker, NetworkSnapshot, RunUpdate, ToWorker } from './protocol.js';
import { createSession, type LabSession } from './session.js';
import { createUpdateBuffer } from './update-buffer.js';

/** Updates (views) at most this often; steps run in slices of SLICE_MS between message checks. */
const UPDATE_MS = 50;
const SLICE_MS = 16;
/** The boundary grid and the diagnosis are costlier: refresh them less often. */
const BOUNDARY_MS = 240;
const DIAGNOSE_MS = 400;
/** the network view's weights, unit states and thumbnails */
const NETWORK_MS = 300;
/** Jacobian probes (power iteration per layer) run on this wall-clock schedule, and at step 0. */
const PROBE_MS = 1000;
const GRID = 48;
const CURVE = 200;

/** the parts of DedicatedWorkerGlobalScope this file uses (the DOM lib, not the WebWorker lib, is loaded) */
interface WorkerScope {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const post = (msg: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(msg, transfer);

let session: LabSession | null = null;
let runId = 0;
let playing = false;
let buffer = createUpdateBuffer(0);
let diagnosis: Diagnosis | null = null;
let lastUpdate = 0;
const boundaryJob = createJob(BOUNDARY_MS);
const diagnoseJob = createJob(DIAGNOSE_MS);
const probeJob = createJob(PROBE_MS);
const networkJob = createJob(NETWORK_MS);
let boundaryDirty = true;
/** image data: the grid's images, and the step of the histograms last sent */
let images: ImageSet | null = null;
let histogramStep = -1;
let networkDirty = true;
/** (time, step count) after each slice, over the last second: steps/s without a per-step array */
const marks: { t: number; step: number }[] = [];

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---- pace: steps per second from epochs per second, and the step limit ---------------------------------

/** null = as fast as the worker goes */
let epochsPerSec: number | null = null;
let limit = Number.POSITIVE_INFINITY;
const limitOrNull = (): number | null => (Number.isFinite(limit) ? limit : null);
/** the (time, step) the pace counts from: reset on play, on a new pace and on a new run */
let anchor = { t: 0, step: 0 };

const stepsPerEpoch = (s: LabSession): number => Math.max(1, Math.ceil(s.info.train.n / s.info.batchSize));

function reanchor(): void {
  anchor = { t: performance.now(), step: session?.run.stepCount ?? 0 };
}

/** the step count the pace allows by `now` (at least one step past the anchor) */
function allowed(s: LabSession, now: number): number {
  if (epochsPerSec === null) return Number.POSITIVE_INFINITY;
  const rate = epochsPerSec * stepsPerEpoch(s);
  const due = anchor.step + 1 + Math.floor((rate * (now - anchor.t)) / 1000);
  // NOTE: a network slower than the pace would bank steps and then burst; drop the backlog instead
  if (due - s.run.stepCount > rate / 4) {
    anchor = { t: now, step: s.run.stepCount };
    return s.run.stepCount + 1;
  }
  return due;
}

/** ms until the pace allows the next step */
function wait(s: LabSession): number {
  if (epochsPerSec === null) return 0;
  return Math.max(1, 1000 / (epochsPerSec * stepsPerEpoch(s)));
}

const atLimit = (s: LabSession): boolean => s.run.stepCount >= limit;

/** At the limit: the end-of-run probe and the final verdict, then the run stops. */
function stopAtLimit(s: LabSession): void {
  playing = false;
  if (!stopped(s)) s.run.probe();
  diagnosis = diagnoseSession(s, limitOrNull());
}

/** configure messages still building their session */
let configuring = 0;

async function configure(msg: Extract<ToWorker, { type: 'configure' }>): Promise<void> {
  configuring++;
  try {
    const config = resolveConfig(msg.config);
    const loaded = isLabDataSet(config.data) ? await loadLabData(config.data, self.location.origin) : null;
    if (loaded) checkLabRows(config, loaded);
    const next = await createSession(config, msg.csv, loaded);
    const prev = session;
    // only the step's settings changed: the same run goes on from its weights (unless it stopped at a
    // NaN/Inf or at its limit, where there is nothing to go on from)
    const continued =
      msg.resume && prev !== null && !stopped(prev) && !atLimit(prev) && next.resumeFrom(prev);
    session = next;
    if (!continued) {
      runId++;
      buffer = createUpdateBuffer(next.info.layers);
      diagnosis = null;
      for (const job of [boundaryJob, diagnoseJob, probeJob, networkJob]) job.reset();
      marks.length = 0;
    } else if (diagnosis) diagnosis = diagnoseSession(next, limitOrNull());
    boundaryDirty = true;
    histogramStep = -1;
    images = imageSetOf(config.data, next.run.trainer.data.val);
    networkDirty = true;
    reanchor();
    post({ type: 'ready', info: { ...next.info, runId, images }, continued });
    postUpdate(true);
    schedule();
  } catch (err) {
    // keep the last good run going; the page shows the message
    post({ type: 'error', message: message(err), phase: 'configure' });
  } finally {
    configuring--;
    // a slice that waited for these settings resumes (the old run, if they were refused)
    schedule();
  }
}

/** a session stops at its first NaN/Inf (a function, so the check after step() is not narrowed away) */
const stopped = (s: LabSession): boolean => s.run.nonFinite !== null;

function stoppedMessage(s: LabSession): string {
  const bad = s.run.nonFinite;
  return bad
    ? `training stopped: a NaN/Inf appeared in ${bad.tensor} at step ${bad.step}; see the diagnosis, change a setting or reset`
    : 'training stopped';
}

function stepOnce(s: LabSession): boolean {
  if (stopped(s) || atLimit(s)) {
    playing = false;
    return false;
  }
  const logged = s.step();
  buffer.record(s, logged);
  boundaryDirty = true;
  networkDirty = true;
  const bad = s.run.nonFinite;
  if (bad) {
    playing = false;
    diagnosis = diagnoseSession(s, limitOrNull());
    post({ type: 'error', message: stoppedMessage(s), phase: 'run' });
    return false;
  }
  return true;
}

function mark(now: number, step: number): void {
  marks.push({ t: now, step });
  while (marks.length > 2 && now - marks[1]!.t >= 1000) marks.shift();
}

/** Updates per second over (about) the last second; 0 when paused or stalled. */
function stepsPerSec(now: number): number {
  const first = marks[0];
  const last = marks.at(-1);
  if (!playing || !first || !last || now - last.t > 1000) return 0;
  const dt = (last.t - first.t) / 1000;
  return dt > 0 ? Math.round((last.step - first.step) / dt) : 0;
}

function postUpdate(force = false): void {
  const s = session;
  if (!s) return;
  const now = performance.now();
  if (!force && now - lastUpdate < UPDATE_MS) return;
  lastUpdate = now;
  let boundary = null;
  let grid = null;
  if (boundaryDirty && (force || boundaryJob.due(now))) {
    const g = images;
    if (g) grid = boundaryJob.run(() => predictGrid(s.run.trainer, g.n));
    else
      boundary = boundaryJob.run(() =>
        computeBoundary(s.run.trainer, s.extent, s.info.inputDim === 1 ? CURVE : GRID, s.config.features),
      );
    boundaryDirty = false;
  }
  const h = s.histograms();
  const histograms = h && h.step !== histogramStep ? h : null;
  if (histograms) histogramStep = histograms.step;
  let network: NetworkSnapshot | null = null;
  if (networkDirty && (force || networkJob.due(now))) {
    network = networkJob.run(() => networkSnapshot(s));
    networkDirty = false;
  }
  if (s.run.stepCount > 0 && (force || diagnosis === null || diagnoseJob.due(now))) {
    diagnosis = diagnoseJob.run(() => diagnoseSession(s, limitOrNull()));
  }
  const snap: RunUpdate = {
    ...buffer.take(s, {
      runId,
      playing,
      limit: Number.isFinite(limit) ? limit : null,
      stepsPerSec: stepsPerSec(now),
      at: performance.timeOrigin + now,
      diagnosis,
      boundary,
      network,
    }),
    grid,
    histograms,
  };
  const transfer: Transferable[] = [
    snap.curve.step.buffer,
    snap.curve.trainLoss.buffer,
    snap.curve.valLoss.buffer,
    snap.curve.trainAcc.buffer,
    snap.curve.valAcc.buffer,
    snap.curve.batchLoss.buffer,
    snap.heat.step.buffer,
    snap.heat.gradNorm.buffer,
    snap.heat.signal.buffer,
  ];
  if (boundary) transfer.push(boundary.values.buffer, boundary.classes.buffer);
  if (grid) transfer.push(grid.predicted.buffer);
  if (network) transfer.push(...networkBuffers(network));
  post({ type: 'update', update: snap }, transfer);
  // the probe runs after the update is out, so a slow one (a large network) never holds up the views;
  // its ‖D_l‖ reaches the page with the next update
  const probed = s.run.lastProbe;
  if (!stopped(s) && (!probed || (probed.step !== s.run.stepCount && (force || probeJob.due(now))))) {
    probeJob.run(() => s.run.probe());
  }
}

// Yield between slices through a MessageChannel: setTimeout(0) is clamped to 4 ms once nested.
const tick = new MessageChannel();
let scheduled = false;
function schedule(delay = 0): void {
  if (scheduled || !playing) return;
  scheduled = true;
  if (delay > 0) setTimeout(() => tick.port1.onmessage?.(new MessageEvent('message')), delay);
  else tick.port2.postMessage(null);
}
tick.port1.onmessage = () => {
  scheduled = false;
  const s = session;
  // new settings are being built: wait for them (configure schedules the next slice)
  if (!s || !playing || configuring > 0) return;
  const t0 = performance.now();
  const budget = allowed(s, t0);
  try {
    while (playing && s.run.stepCount < budget && performance.now() - t0 < SLICE_MS) {
      if (!stepOnce(s)) break;
    }
    mark(performance.now(), s.run.stepCount);
    if (atLimit(s) && !stopped(s)) stopAtLimit(s);
  } catch (err) {
    playing = false;
    post({ type: 'error', message: message(err), phase: 'run' });
  }
  postUpdate(!playing);
  schedule(s.run.stepCount >= budget ? wait(s) : 0);
};

function networkBuffers(n: NetworkSnapshot): ArrayBufferLike[] {
  if (n.kind === 'summary') return [n.weightRms, n.gradNorm, n.dead, n.saturated].map((a) => a.buffer);
  return [...n.weights, ...n.grads, ...n.units, ...(n.thumbs ? [n.thumbs] : [])].map((a) => a.buffer);
}

/** The network view's edit: one weight set, the run goes on from it (a note in its document says so). */
function setWeight(s: LabSession, msg: Extract<ToWorker, { type: 'set-weight' }>): void {
  const block = s.run.model.blocks[msg.layer];
  const I = block?.dense.inDim ?? 0;
  const O = block?.dense.outDim ?? 0;
  const ok =
    block !== undefined &&
    Number.isInteger(msg.row) &&
    Number.isInteger(msg.col) &&
    msg.row >= 0 &&
    msg.row < O &&
    msg.col >= 0 &&
    msg.col < I &&
    Number.isFinite(msg.value);
  // NOTE: the hover card only sends finite values for weights it shows; anything else is ignored
  if (!ok) return;
  const w = block.dense.weight;
  const before = w[msg.row * I + msg.col]!;
  w[msg.row * I + msg.col] = msg.value;
  s.note(
    `weight W_${msg.layer}[${msg.row}, ${msg.col}] set from ${before} to ${w[msg.row * I + msg.col]} at step ${s.run.stepCount} in the network view: the run went on from it (gradscope train does not repeat it)`,
  );
  boundaryDirty = true;
  networkDirty = true;
  postUpdate(true);
}

function exportRun(): void {
  const s = session;
  if (!s) return;
  const json = `${JSON.stringify(s.document())}\n`;
  const bytes = s.safetensors();
  const copy = bytes.slice().buffer;
  post({ type: 'export', json, safetensors: copy }, [copy]);
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'configure':
      void configure(msg);
      return;
    case 'play':
      // a stopped run refuses to play, unless new settings are on their way (a preset sends both)
      if (session && stopped(session) && configuring === 0) {
        post({ type: 'error', message: stoppedMessage(session), phase: 'run' });
        return;
      }
      if (session && atLimit(session) && configuring === 0) {
        post({
          type: 'error',
          message: `the run reached its step limit (${limit}); raise "Step limit" to go on, or Reset`,
          phase: 'run',
        });
        return;
      }
      playing = true;
      marks.length = 0;
      reanchor();
      schedule();
      return;
    case 'pace':
      epochsPerSec = msg.epochsPerSec;
      limit = msg.limit ?? Number.POSITIVE_INFINITY;
      reanchor();
      // a new run on its way (a preset sends its limit first): the limit is for that run, not this one
      if (session && atLimit(session) && playing && configuring === 0) {
        stopAtLimit(session);
        postUpdate(true);
      }
      schedule();
      return;
    case 'pause':
      playing = false;
      postUpdate(true);
      return;
    case 'step':
      if (session && stopped(session)) {
        post({ type: 'error', message: stoppedMessage(session), phase: 'run' });
      } else if (session) {
        try {
          for (let i = 0; i < msg.count; i++) if (!stepOnce(session)) break;
          if (atLimit(session) && !stopped(session)) stopAtLimit(session);
        } catch (err) {
          post({ type: 'error', message: message(err), phase: 'run' });
        }
        postUpdate(true);
      }
      return;
    case 'reset':
      if (session)
        void configure({ type: 'configure', config: session.config, csv: session.csv, resume: false });
      return;
    case 'export':
      exportRun();
      return;
    case 'set-weight':
      if (session) setWeight(session, msg);
      return;
  }
};
