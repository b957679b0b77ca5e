// The mean-field prediction as the lab shows it: the predicted D_l RMS gain per layer (drawn dashed on
// the measured bars) and one sentence naming the phase (ordered / critical / chaotic), or why the theory
// does not apply to this network. The numbers come from the core's predictRun, the one derivation that
// train, diagnose and the report also print.

import { type RunTheory, theorySentence } from '../../src/index.js';
import type { LabTheory } from './protocol.js';

export function labTheory(p: RunTheory): LabTheory {
  if (!p.applies) return { factors: null, sentence: `theory: does not apply (${p.reasons.join('; ')})` };
  return { factors: p.layers.map((l) => l.factor), sentence: theorySentence(p) ?? '' };
}
