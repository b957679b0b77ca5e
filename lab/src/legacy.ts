// Settings as the lab named them before its keys were the settings' keys: old links
// (?trainPct=80&batchMode=sgd&clipNorm=0&residualScale=0) and the flag mapping in fix.ts still read.

import { parseDecimal, parseNumber, UsageError } from '../../src/index.js';
export const BATCH_MODES = ['batch', 'sgd', 'minibatch'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

/**
 * Raw settings with the old names turned into setting keys: trainPct → valSplit, batchMode (+ batchSize)
 * → batchSize, and the old 0 for "off" and "1/√L" → none and auto.
 */
export function fromLegacy(
  raw: Readonly<Record<string, string>>,
  batchSize: number | 'full',
): Record<string, string> {
  const { trainPct, batchMode, ...rest } = raw;
  const out: Record<string, string> = { ...rest };
  if (trainPct !== undefined && out.valSplit === undefined) {
    const pct = parseNumber('trainPct', trainPct, { integer: true, min: 1, max: 100 });
    out.valSplit = String(Math.round(100 - pct) / 100);
  }
  if (batchMode !== undefined) {
    if (batchMode === 'batch') out.batchSize = 'full';
    else if (batchMode === 'sgd') out.batchSize = '1';
    else if (batchMode === 'minibatch') out.batchSize ??= String(batchSize === 'full' ? 32 : batchSize);
    else throw new UsageError('batchMode', `one of ${BATCH_MODES.join(', ')}`, batchMode);
  }
  if (out.clipNorm !== undefined && parseDecimal(out.clipNorm) === 0) out.clipNorm = 'none';
  if (out.residualScale !== undefined && parseDecimal(out.residualScale) === 0) out.residualScale = 'auto';
  return out;
}
