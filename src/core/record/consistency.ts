// What one field cannot say alone: every per-layer list of a document has one entry per Dense layer,
// the hidden layers of config.hidden and the output layer.

import type { core } from './zod.js';

/** The expectation a per-layer list of the wrong length fails, or null when its length is right. */
export function layerCountProblem(hidden: readonly unknown[], list: readonly unknown[]): string | null {
  const L = hidden.length + 1;
  return list.length === L
    ? null
    : `${L} entries, one per Dense layer (the ${L - 1} of config.hidden and the output layer)`;
}

interface Counted {
  readonly config: { readonly hidden: readonly unknown[] };
  readonly layers: readonly unknown[];
  readonly history: readonly {
    readonly gradNorm: readonly unknown[];
    readonly instruments?: readonly unknown[];
  }[];
  readonly probes?: readonly { readonly layers: readonly unknown[] }[];
}

/** A refinement of the whole document: each per-layer list against config.hidden. */
export function checkLayerCounts(doc: Counted, ctx: core.$RefinementCtx<Counted>): void {
  const check = (list: readonly unknown[], path: (string | number)[]): void => {
    const problem = layerCountProblem(doc.config.hidden, list);
    if (problem !== null) ctx.addIssue({ code: 'custom', path, message: problem, input: list });
  };
  check(doc.layers, ['layers']);
  doc.history.forEach((h, i) => {
    check(h.gradNorm, ['history', i, 'gradNorm']);
    if (h.instruments) check(h.instruments, ['history', i, 'instruments']);
  });
  doc.probes?.forEach((p, i) => {
    check(p.layers, ['probes', i, 'layers']);
  });
}
