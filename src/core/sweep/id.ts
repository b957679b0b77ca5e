// A sweep's id: its name and a hash of its definition, so enqueuing the same sweep twice names the
// same jobs (BullMQ deduplicates by job id) and two different sweeps never share one.

import { createRng } from '../rng.js';
import type { SweepDefinition } from './definition.js';

/** JSON with keys sorted at every level: the same definition gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `lambda-u-curve-3fa9c2d104b7e651`: the name and 64 bits of the canonical definition's hash. */
export function sweepId(def: SweepDefinition): string {
  const text = canonical(def);
  const root = createRng(0);
  const hex = (label: string): string => root.fork(label).uint32().toString(16).padStart(8, '0');
  return `${def.name}-${hex(`a:${text}`)}${hex(`b:${text}`)}`;
}
