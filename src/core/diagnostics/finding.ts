// What the verdict engine returns: plain data a front end prints as it is.

// NOTE: the types are the run document's schema's (src/core/record/finding.ts), so a finding the engine
// returns is a finding a saved document holds.
export {
  type Diagnosis,
  type Evidence,
  FINDING_CODES,
  type Finding,
  type FindingCode,
  type VanishingCause,
} from '../record/finding.js';

/** A number for an explanation: 2 significant digits, powers of ten as 1e-13 outside [0.01, 10⁴). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 0.01 && a < 1e4) return String(Number(x.toPrecision(2)));
  return x.toExponential(0).replace('e+', 'e');
}

/** "10.6%": one decimal, for rates compared within a few points */
export function pct1(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** "45%" */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** "layers 0–3, 5" for explanations */
export function layerList(layers: readonly number[]): string {
  if (layers.length === 0) return 'no layer';
  const parts: string[] = [];
  let start = layers[0]!;
  let prev = start;
  for (const l of [...layers.slice(1), Number.NaN]) {
    if (l === prev + 1) {
      prev = l;
      continue;
    }
    parts.push(start === prev ? String(start) : `${start}–${prev}`);
    start = l;
    prev = l;
  }
  return `${layers.length === 1 ? 'layer' : 'layers'} ${parts.join(', ')}`;
}
