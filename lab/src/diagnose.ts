// The live diagnosis: the core's verdict engine (the same `diagnose` as `gradscope train --json`) over the
// session's run document. Gradient-flow findings read the latest logged steps, so the verdict follows the
// network as it changes; fit findings (overfitting, underfitting) read the whole history, as they must.

import { diagnose } from '../../src/core/diagnostics/diagnose.js';
import type { Finding as CoreFinding } from '../../src/core/diagnostics/finding.js';
import { suggestionToFix } from './fix.js';
import type { Diagnosis, Finding } from './protocol.js';
import type { LabSession } from './session.js';

const FIT_CODES: readonly string[] = ['overfitting', 'underfitting'];

function toFinding(f: CoreFinding): Finding {
  return {
    code: f.code,
    layers: f.layers,
    explanation: f.explanation,
    suggestion: f.suggestion,
    fix: suggestionToFix(f.suggestion),
  };
}

export function diagnoseSession(s: LabSession): Diagnosis {
  const full = s.document();
  // the last two logged steps: the latest, and the one before in case a NaN/Inf spoiled the latest
  const now = { ...full, history: full.history.slice(-2) };
  const findings = [
    ...diagnose(now).findings.filter((f) => !FIT_CODES.includes(f.code)),
    ...diagnose(full).findings.filter((f) => FIT_CODES.includes(f.code)),
  ];
  return {
    verdict: findings.length === 0 ? ['healthy'] : findings.map((f) => f.code),
    findings: findings.map(toFinding),
    step: s.trainer.stepCount,
  };
}
