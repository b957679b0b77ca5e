// A checkpoint: one safetensors file with everything a session holds between two steps. Tensors:
// `params`, `state.<name>` (BatchNorm running statistics) and `optimizer.<name>` (momentum buffer, Adam's
// m and v) in the model's dtype, `sampler.order` (the epoch's shuffled order, as F64). The metadata's
// `gradscope.checkpoint` entry is JSON: the format version, the code version, config and plan, a data
// fingerprint, the step count, the sampler position, every random stream's position (rng.ts), the clip
// counters, the non-finite state, and the session's bounded history, probes and fit digest. Non-finite
// numbers are kept as {"$n": "NaN"} so a restore is exact. The front end writes the bytes atomically.
// With `historyBeside` (the CLI: every entry is in metrics.jsonl already) a kept history entry whose
// numbers JSON writes exactly is stored as its step, {"$at": N}, and filled back from that file on
// resume (fillHistory): a checkpoint of a long run is then kilobytes, not megabytes of JSON each time.
// The instruments' baseline (rememberWeights) is taken right before each logged step, never across one,
// so it is not part of a checkpoint.

import type { Dataset } from '../dataset.js';
import { UsageError } from '../errors.js';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from '../io/safetensors.js';
import { type HistoryEntry, RUN_FORMAT_VERSION, type TrainResult } from './result.js';
import type { Session, SessionState } from './session.js';

const KEY = 'gradscope.checkpoint';
/** the layout of this file; a change to it is a new number */
export const CHECKPOINT_FORMAT = 1;

/** What a checkpoint says about itself, for the front end to compare before it restores. */
export interface CheckpointInfo {
  readonly format: number;
  readonly runFormat: number;
  /** the code that wrote it (the CLI passes the package version) */
  readonly codeVersion: string;
  readonly config: TrainResult['config'];
  readonly plan: TrainResult['plan'];
  /** n and a hash of the training set's x and y: resuming on other data is refused */
  readonly data: string;
  readonly step: number;
}

/** A kept history entry stored by its step, to be filled from metrics.jsonl. */
interface Beside {
  readonly $at: number;
}

/** The JSON part: the state without its tensors, and kept entries possibly stored beside. */
type Rest = Omit<SessionState, 'trainer' | 'book'> & {
  readonly trainer: Omit<SessionState['trainer'], 'tensors' | 'sampler'> & {
    readonly sampler: { readonly pos: number; readonly epoch: number };
  };
  readonly book: Omit<SessionState['book'], 'history'> & {
    readonly history: readonly (HistoryEntry | Beside)[];
  };
};

/** FNV-1a over the float64 bits of x then y, with n: cheap, and any changed value changes it. */
export function dataFingerprint(ds: Dataset): string {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  let h = 0x811c9dc5;
  for (const arr of [ds.x, ds.y]) {
    for (let i = 0; i < arr.length; i++) {
      f[0] = arr[i]!;
      h = Math.imul(h ^ u[0]!, 16777619);
      h = Math.imul(h ^ u[1]!, 16777619);
    }
  }
  return `${ds.n}:${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** A number JSON.stringify would change: NaN, ±Inf (written as null) and −0 (written as 0). */
const inexact = (v: number): boolean => !Number.isFinite(v) || Object.is(v, -0);
const exact = (_key: string, v: unknown): unknown =>
  typeof v === 'number' && inexact(v) ? { $n: String(Object.is(v, -0) ? '-0' : v) } : v;
const revive = (_key: string, v: unknown): unknown =>
  v !== null && typeof v === 'object' && '$n' in v && Object.keys(v).length === 1
    ? Number((v as { $n: string }).$n)
    : v;

const isBeside = (e: unknown): e is Beside =>
  typeof e === 'object' && e !== null && '$at' in e && Object.keys(e).length === 1;

/** Does JSON.stringify write every number in v exactly (no NaN, ±Inf or −0)? */
function plainJson(v: unknown): boolean {
  if (typeof v === 'number') return !inexact(v);
  if (Array.isArray(v)) return v.every(plainJson);
  if (typeof v === 'object' && v !== null) return Object.values(v).every(plainJson);
  return true;
}

export interface EncodeOptions {
  /** store kept history entries by their step (the front end has every entry in metrics.jsonl) */
  readonly historyBeside?: boolean;
}

export function encodeCheckpoint(
  session: Session,
  codeVersion: string,
  opts: EncodeOptions = {},
): Uint8Array {
  const state = session.save();
  const { tensors, sampler, ...trainerRest } = state.trainer;
  const f = session.model.dtype === 'float64' ? 'F64' : 'F32';
  const stored: Record<string, SafeTensor> = {
    'sampler.order': { dtype: 'F64', shape: [sampler.order.length], data: Float64Array.from(sampler.order) },
  };
  for (const [name, data] of Object.entries(tensors)) stored[name] = { dtype: f, shape: [data.length], data };
  const info: CheckpointInfo = {
    format: CHECKPOINT_FORMAT,
    runFormat: RUN_FORMAT_VERSION,
    codeVersion,
    config: session.config,
    plan: session.plan,
    data: dataFingerprint(session.trainer.data.train),
    step: session.stepCount,
  };
  const { history } = state.book;
  const rest: Rest = {
    ...state,
    trainer: { ...trainerRest, sampler: { pos: sampler.pos, epoch: sampler.epoch } },
    book: {
      ...state.book,
      history: opts.historyBeside ? history.map((e) => (plainJson(e) ? { $at: e.step } : e)) : history,
    },
  };
  return encodeSafetensors(stored, { [KEY]: JSON.stringify({ info, rest }, exact) });
}

/** A session's state as a checkpoint holds it: kept history entries may be stored beside. */
export type StoredState = Omit<SessionState, 'book'> & { readonly book: Rest['book'] };

export interface DecodedCheckpoint {
  readonly info: CheckpointInfo;
  readonly state: StoredState;
  /** the steps of kept history entries stored beside (in metrics.jsonl): fillHistory supplies them */
  readonly besideSteps: readonly number[];
}

/** Put the entries stored beside back into a decoded checkpoint; `source` names where they come from. */
export function fillHistory(
  decoded: DecodedCheckpoint,
  entries: ReadonlyMap<number, HistoryEntry>,
  source: string,
): DecodedCheckpoint {
  const history = decoded.state.book.history.map((e) => {
    if (!isBeside(e)) return e;
    const entry = entries.get(e.$at);
    if (!entry) throw new UsageError(source, `the logged step ${e.$at} the checkpoint keeps`, 'no such line');
    return entry;
  });
  return {
    ...decoded,
    state: { ...decoded.state, book: { ...decoded.state.book, history } },
    besideSteps: [],
  };
}

/** Read a checkpoint's info and state; `source` names the file in errors. */
export function decodeCheckpoint(bytes: Uint8Array, source: string): DecodedCheckpoint {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const text = metadata[KEY];
  if (text === undefined) throw new UsageError(source, `a gradscope checkpoint (metadata ${KEY})`, 'none');
  let parsed: { info: CheckpointInfo; rest: Rest };
  try {
    parsed = JSON.parse(text, revive);
  } catch (e) {
    throw new UsageError(`${source}: ${KEY}`, 'valid JSON', (e as Error).message);
  }
  const { info, rest } = parsed;
  if (info?.format !== CHECKPOINT_FORMAT)
    throw new UsageError(`${source}: format`, `checkpoint format ${CHECKPOINT_FORMAT}`, String(info?.format));
  const order = tensors['sampler.order'];
  if (!order) throw new UsageError(source, 'a tensor sampler.order', 'none');
  const live = Object.fromEntries(
    Object.entries(tensors)
      .filter(([name]) => name !== 'sampler.order')
      .map(([name, t]) => [name, t.data]),
  );
  const state: StoredState = {
    ...rest,
    trainer: {
      ...rest.trainer,
      tensors: live,
      sampler: { ...rest.trainer.sampler, order: Uint32Array.from(order.data) },
    },
  };
  const besideSteps = state.book.history.filter(isBeside).map((e) => e.$at);
  return { info, state, besideSteps };
}

/** Restore a decoded checkpoint into a session over the same config and data. */
export function restoreCheckpoint(session: Session, decoded: DecodedCheckpoint, source: string): void {
  const { history } = decoded.state.book;
  if (!history.every((e): e is HistoryEntry => !isBeside(e))) {
    const n = decoded.besideSteps.length;
    throw new UsageError(source, 'a checkpoint whose history is filled (fillHistory)', `${n} entries beside`);
  }
  const fingerprint = dataFingerprint(session.trainer.data.train);
  if (decoded.info.data !== fingerprint) {
    throw new UsageError(source, `a checkpoint of this data (${fingerprint})`, `data ${decoded.info.data}`);
  }
  session.restore({ ...decoded.state, book: { ...decoded.state.book, history } }, source);
}
