// The live diagnosis: the run document's own, i.e. the core's verdict engine over the session's record,
// the same as `gradscope diagnose` on the lab's export.

import type { Finding as CoreFinding } from '../../src/core/diagnostics/finding.js';
import { suggestionToFix } from './fix.js';
import type { Diagnosis, Finding } from './protocol.js';
import type { LabSession } from './session.js';

function toFinding(f: CoreFinding): Finding {
  return {
    code: f.code,
    layers: f.layers,
    explanation: f.explanation,
    suggestion: f.suggestion,
    fix: suggestionToFix(f.suggestion),
  };
}

/** The verdict of the session's run document: the one `gradscope diagnose` gives on its export. */
export function diagnoseSession(s: LabSession): Diagnosis {
  const { verdict, findings } = s.document().diagnosis;
  return {
    verdict: verdict === 'healthy' ? ['healthy'] : [...verdict],
    findings: findings.map(toFinding),
    step: s.run.stepCount,
  };
}
