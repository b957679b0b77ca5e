// The whole configuration lives in the query string (?depth=20&activation=sigmoid…), so a link
// reproduces a run. The keys are the settings' keys; every key is written; reading validates like the
// form does, and still reads the lab's old names (legacy.ts).

import { PAGE_PARAMS } from './pace.js';
import { DEFAULT_STATE, type LabState, parseState, STATE_KEYS, stateToRecord } from './state.js';

export type UrlRead = { readonly state: LabState } | { readonly error: string } | null;

/** null when the query holds no settings; otherwise the parsed state or the reason it was refused. */
export function readUrlState(search: string): UrlRead {
  const params = new URLSearchParams(search);
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (PAGE_PARAMS.has(k)) continue;
    raw[k] = v;
  }
  if (Object.keys(raw).length === 0) return null;
  try {
    return { state: parseState(raw, DEFAULT_STATE) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export function stateToSearch(state: LabState): string {
  const params = new URLSearchParams();
  const rec = stateToRecord(state);
  for (const k of STATE_KEYS) params.set(k, rec[k]);
  return `?${params.toString()}`;
}

export function writeUrlState(state: LabState): void {
  const url = `${location.pathname}${stateToSearch(state)}${location.hash}`;
  history.replaceState(null, '', url);
}
