// Which measurements a rule looks at: the instruments of the first logged step (the network as
// initialised: step 1's gradients are taken at the initial weights) and of the last one, skipping
// steps where a NaN/Inf spoiled them; and the probe nearest in time to each.

import type { LayerInstruments } from './instruments.js';
import type { ProbeRecord } from './probe.js';
import type { Measured, RunDocument } from './run-document.js';

/** A reading: the instruments one logged step recorded, per dense layer. */
export interface Reading {
  readonly step: number;
  readonly layers: readonly LayerInstruments[];
}

export const finite = (x: Measured | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** A reading is usable when no NaN/Inf reached its signal norms or (hidden layers) its z statistics. */
function usable(layers: readonly LayerInstruments[]): boolean {
  return layers.every((l, i) => finite(l.signalGradNorm) && (i === layers.length - 1 || finite(l.zMean)));
}

/** The first and the last usable readings (one when they coincide). */
export function readings(doc: RunDocument): Reading[] {
  const all = doc.history.flatMap((h) =>
    h.instruments && h.instruments.length > 0 && usable(h.instruments)
      ? [{ step: h.step, layers: h.instruments }]
      : [],
  );
  const first = all[0];
  const last = all.at(-1);
  if (!first || !last) return [];
  return first === last ? [first] : [first, last];
}

/** The probe closest in step to `step`, if the run has probes. */
export function nearestProbe(doc: RunDocument, step: number): ProbeRecord | undefined {
  let best: ProbeRecord | undefined;
  for (const p of doc.probes ?? []) {
    if (!best || Math.abs(p.step - step) < Math.abs(best.step - step)) best = p;
  }
  return best;
}

/** exp(mean log x) over the finite, positive entries; 0 when any entry is 0; null when none. */
export function geometricMean(xs: readonly (Measured | undefined)[]): number | null {
  let s = 0;
  let n = 0;
  for (const x of xs) {
    if (!finite(x) || x < 0) continue;
    if (x === 0) return 0;
    s += Math.log(x);
    n++;
  }
  return n === 0 ? null : Math.exp(s / n);
}

/** Arithmetic mean over the finite entries; null when none. */
export function meanOf(xs: readonly (Measured | undefined)[]): number | null {
  const ok = xs.filter(finite);
  return ok.length === 0 ? null : ok.reduce((a, b) => a + b, 0) / ok.length;
}

/** The activation's name without its parameter: 'leaky-relu:0.01' → 'leaky-relu'. */
export function activationName(spec: string): string {
  return spec.split(':')[0]!;
}
