// Unit-level findings: dead ReLU layers (the notes' "dying ReLU problem") and saturated sigmoid/tanh
// layers, judged on the last usable reading: the state the run ended in.

import type { Fix } from '../record/fix.js';
import { type Finding, layerList, pct } from './finding.js';
import type { LayerInstruments } from './instruments.js';
import { NORM_LAYER, offer, RELU_HE } from './offer.js';
import { activationName, finite, readings } from './readings.js';
import type { RunDocument } from './run-document.js';
import { DEAD_RELU_FRACTION, RESIDUAL_DEAD_RELU_FRACTION, SATURATED_FRACTION } from './thresholds.js';

type Field = 'deadFraction' | 'saturatedFraction';

function over(
  doc: RunDocument,
  field: Field,
  limit: number,
): { step: number; layers: LayerInstruments[] } | null {
  const last = readings(doc).at(-1);
  if (!last) return null;
  const layers = last.layers.filter((l) => {
    const v = l[field];
    return finite(v) && v >= limit;
  });
  return layers.length === 0 ? null : { step: last.step, layers };
}

export function deadReluFinding(doc: RunDocument): Finding | null {
  if (activationName(doc.config.activation) !== 'relu') return null;
  const threshold = doc.config.residual === true ? RESIDUAL_DEAD_RELU_FRACTION : DEAD_RELU_FRACTION;
  const hit = over(doc, 'deadFraction', threshold);
  if (!hit) return null;
  const fractions = hit.layers.map((l) => l.deadFraction!);
  const worst = Math.max(...fractions);
  const indices = hit.layers.map((l) => l.index);
  const bias = doc.config.biasInit ?? 0;
  const fixes: Fix[] = [
    // a positive bias keeps units alive: only a negative one is a fix
    ...(typeof bias === 'number' && bias < 0
      ? [{ set: { biasInit: 0 }, reason: 'a negative bias starts z below 0' }]
      : []),
    { set: { activation: 'leaky-relu' }, reason: "f'(z) > 0 for z ≤ 0" },
    { set: { init: 'he-normal' }, reason: 'keeps Var(z) steady across layers' },
    { scale: 'lr', by: 0.1, reason: 'a large step can push z ≤ 0 for good' },
  ];
  return {
    code: 'dead-relu',
    layers: indices,
    evidence: { step: hit.step, deadFraction: fractions, threshold },
    explanation: `In ${layerList(indices)} at least ${pct(threshold)} of ReLU units (up to ${pct(worst)}) have z ≤ 0 on every example: f'(z) = 0 there, so no gradient reaches their weights and they cannot recover.`,
    ...offer(doc, fixes),
  };
}

export function saturatedFinding(doc: RunDocument): Finding | null {
  const act = activationName(doc.config.activation);
  if (act !== 'sigmoid' && act !== 'tanh') return null;
  const hit = over(doc, 'saturatedFraction', SATURATED_FRACTION);
  if (!hit) return null;
  const fractions = hit.layers.map((l) => l.saturatedFraction!);
  const indices = hit.layers.map((l) => l.index);
  return {
    code: 'saturated',
    layers: indices,
    evidence: { step: hit.step, saturatedFraction: fractions, threshold: SATURATED_FRACTION },
    explanation: `In ${layerList(indices)} up to ${pct(Math.max(...fractions))} of ${act} unit-activations have f'(z) < 5% of its max: |z| is so large that D_l = diag(f'(z_l)) W_l ≈ 0 there.`,
    ...offer(doc, [NORM_LAYER, RELU_HE, { scale: 'lr', by: 0.1, reason: 'large steps drive |z| up' }]),
  };
}
