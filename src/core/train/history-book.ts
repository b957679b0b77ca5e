// A session's record of logged steps and probes. Unbounded (the default: the library's document holds
// every entry), or bounded to `limit` entries each: past it, every other entry is dropped, the first and
// the last two always kept, so memory stays flat however long the run (the CLI streams every entry to
// metrics.jsonl and keeps this thinned copy for the document).
// Why thinning plus a digest and not compact typed arrays: typed arrays still grow with the steps (10M
// steps at --log-every 1 is 10M entries), thinning does not. What the rules read survives it exactly:
// - the fit rules scan the validation loss over the whole history: every entry is folded into a digest
//   (fit-digest.ts) as it is logged, and the document carries it once entries were dropped;
// - the flow and unit rules read the first and the last usable readings: the first entry and the last
//   two are kept (the last one may be the NaN/Inf step, the one before it the last finite reading);
// - the probe nearest to the first reading is the init probe (kept first), to the last reading the
//   latest probe (kept last).

import { createFitFold, digestOf, type FitFold, foldEntry } from '../diagnostics/fit-digest.js';
import type { ProbeRecord } from '../diagnostics/probe.js';
import type { HistoryDigest } from '../record/digest.js';
import type { HistoryEntry } from './result.js';

export interface HistoryBook {
  readonly history: readonly HistoryEntry[];
  readonly probes: readonly ProbeRecord[];
  addEntry(entry: HistoryEntry): void;
  addProbe(record: ProbeRecord): void;
  /** the exact fit quantities, when entries were dropped (undefined while the history is whole) */
  digest(): HistoryDigest | undefined;
  save(): HistoryBookState;
  restore(state: HistoryBookState): void;
}

export interface HistoryBookState {
  readonly history: readonly HistoryEntry[];
  readonly probes: readonly ProbeRecord[];
  readonly fold: FitFold;
}

/** Thin in place: keep every other entry, the first and the last two always. */
export function thin<T>(a: T[]): void {
  const n = a.length;
  if (n <= 3) return;
  // the middle (1 … n−3) keeps every other entry, counted back from n−4 so the spacing meets the end
  let j = 1;
  for (let i = n % 2 === 0 ? 2 : 1; i <= n - 4; i += 2) a[j++] = a[i]!;
  a[j++] = a[n - 2]!;
  a[j++] = a[n - 1]!;
  a.length = j;
}

export function createHistoryBook(limit: number | undefined): HistoryBook {
  let history: HistoryEntry[] = [];
  let probes: ProbeRecord[] = [];
  let fold = createFitFold();
  return {
    get history() {
      return history;
    },
    get probes() {
      return probes;
    },
    addEntry(entry) {
      history.push(entry);
      foldEntry(fold, entry);
      if (limit !== undefined && history.length > limit) thin(history);
    },
    addProbe(record) {
      probes.push(record);
      if (limit !== undefined && probes.length > limit) thin(probes);
    },
    digest: () => (fold.logged > history.length ? digestOf(fold) : undefined),
    save: () => ({ history: [...history], probes: [...probes], fold: structuredClone(fold) }),
    restore(state) {
      history = [...state.history];
      probes = [...state.probes];
      fold = structuredClone(state.fold);
    },
  };
}
