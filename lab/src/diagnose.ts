// The live diagnosis: the run document's own (the core's verdict engine over the session's record, the
// same as `gradscope diagnose` on the lab's export), with each finding's typed fixes narrowed to the
// ones the lab has controls for, rendered in its control names, and turned into lab settings to apply.

import {
  applyFix,
  type Finding as CoreFinding,
  type Fix,
  isSetFix,
  renderFix,
  renderFixes,
  type SettingKey,
  settingOf,
  type TrainConfig,
} from '../../src/index.js';
import { FIELD_RULES, STATE_KEYS, type StateKey } from './fields.js';
import type { Diagnosis, Finding } from './protocol.js';
import type { LabSession } from './session.js';

const LAB_KEYS: ReadonlySet<string> = new Set(STATE_KEYS);

const keysOf = (fix: Fix): string[] => (isSetFix(fix) ? Object.keys(fix.set) : [fix.scale]);
/** the lab's word for a setting, without the backticks that mark it in the CLI's sentence */
const label = (key: SettingKey): string => settingOf(key).label;
const plain = (text: string): string => text.replaceAll('`', '');

/** A fix the lab can apply: every setting it touches has a control. */
export const labCanApply = (fix: Fix): boolean => keysOf(fix).every((k) => LAB_KEYS.has(k));

/** The lab's settings of a run's config (its hidden layers as depth × width). */
function labSettings(config: TrainConfig): Record<string, unknown> {
  return { ...config, depth: config.hidden.length, width: config.hidden[0] };
}

/** The fix as lab settings (keys → the text a control holds), only those it changes. */
export function fixToSettings(fix: Fix, config: TrainConfig): Readonly<Record<string, string>> | null {
  const before = labSettings(config);
  const after = applyFix(before, fix);
  const raw: Record<string, string> = {};
  for (const k of STATE_KEYS) {
    if (after[k] === before[k]) continue;
    const rule = FIELD_RULES[k] as { format(v: unknown): string };
    raw[k as StateKey] = rule.format(after[k]);
  }
  return Object.keys(raw).length > 0 ? raw : null;
}

export function toFinding(f: CoreFinding, config: TrainConfig): Finding {
  const fixes = f.fixes.filter(labCanApply);
  const first = fixes[0];
  return {
    code: f.code,
    layers: f.layers,
    explanation: f.explanation,
    evidence: f.evidence,
    suggestion: fixes.length > 0 ? plain(renderFixes(fixes, config, label)) : null,
    fix: first ? fixToSettings(first, config) : null,
    fixText: first ? plain(renderFix(first, config, label)) : null,
    noFix: first ? null : noFixReason(f),
  };
}

/** Why a finding has no "Apply fix": no fix at all, or only fixes of settings the lab has no control for. */
function noFixReason(f: CoreFinding): string {
  if (f.fixes.length === 0) return 'No setting change fixes this by itself: see the explanation.';
  const keys = [...new Set(f.fixes.flatMap((x) => ('set' in x ? Object.keys(x.set) : [x.scale])))];
  const words = keys.map((k) => (k === 'steps' ? 'more steps (this run stops at its step limit)' : k));
  return `No fix the lab can apply: it needs ${words.join(', ')}, which the lab has no control for.`;
}

/** The verdict of the session's run document: the one `gradscope diagnose` gives on its export. */
export function diagnoseSession(s: LabSession): Diagnosis {
  const { verdict, findings } = s.document().diagnosis;
  return {
    verdict: verdict === 'healthy' ? ['healthy'] : [...verdict],
    findings: findings.map((f) => toFinding(f, s.config)),
    step: s.run.stepCount,
  };
}
