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
/** The step limit is the lab's `steps`: the key of the page's pace control in a fix's settings. */
export const STEP_LIMIT = 'limit';
/** the lab's word for a setting, without the backticks that mark it in the CLI's sentence */
const label = (key: SettingKey): string => (key === 'steps' ? 'Step limit' : settingOf(key).label);
const plain = (text: string): string => text.replaceAll('`', '');

/** "Train longer": raising the step limit, which the run goes on from (stopping earlier is no lab fix). */
const trainsLonger = (fix: Fix): boolean => !isSetFix(fix) && fix.scale === 'steps' && fix.by > 1;

/** A fix the lab can apply: every setting it touches has a control (the step limit for "train longer"). */
export const labCanApply = (fix: Fix): boolean =>
  trainsLonger(fix) || keysOf(fix).every((k) => LAB_KEYS.has(k));

/** The lab's settings of a run's config (its hidden layers as depth × width, its step limit as steps). */
function labSettings(config: TrainConfig, limit: number | null): Record<string, unknown> {
  return {
    ...config,
    ...(limit === null ? {} : { steps: limit }),
    depth: config.hidden.length,
    width: config.hidden[0],
  };
}

/** The fix as lab settings (keys → the text a control holds), only those it changes. */
export function fixToSettings(
  fix: Fix,
  config: TrainConfig,
  limit: number | null = null,
): Readonly<Record<string, string>> | null {
  const before = labSettings(config, limit);
  const after = applyFix(before, fix);
  if (trainsLonger(fix)) return { [STEP_LIMIT]: String(after.steps) };
  const raw: Record<string, string> = {};
  for (const k of STATE_KEYS) {
    if (after[k] === before[k]) continue;
    const rule = FIELD_RULES[k] as { format(v: unknown): string };
    raw[k as StateKey] = rule.format(after[k]);
  }
  return Object.keys(raw).length > 0 ? raw : null;
}

export function toFinding(f: CoreFinding, config: TrainConfig, limit: number | null = null): Finding {
  const fixes = f.fixes.filter(labCanApply);
  const first = fixes[0];
  const shown = labSettings(config, limit);
  return {
    code: f.code,
    layers: f.layers,
    explanation: f.explanation,
    evidence: f.evidence,
    suggestion: fixes.length > 0 ? plain(renderFixes(fixes, shown, label)) : null,
    fix: first ? fixToSettings(first, config, limit) : null,
    fixText: first ? plain(renderFix(first, shown, label)) : null,
    noFix: first ? null : noFixReason(f),
  };
}

/** Why a finding has no "Apply fix": no fix at all, or only fixes of settings the lab has no control for. */
function noFixReason(f: CoreFinding): string {
  if (f.fixes.length === 0) return 'No setting change fixes this by itself: see the explanation.';
  const keys = [...new Set(f.fixes.flatMap((x) => ('set' in x ? Object.keys(x.set) : [x.scale])))];
  const words = keys.map((k) => (k === 'steps' ? 'fewer steps (stopping near the best step)' : k));
  return `No fix the lab can apply: it needs ${words.join(', ')}, which the lab has no control for.`;
}

/**
 * The verdict of the session's run document: the one `gradscope diagnose` gives on its export. `limit` is
 * the step limit a "train longer" fix raises (null: none).
 */
export function diagnoseSession(s: LabSession, limit: number | null = null): Diagnosis {
  const { verdict, findings } = s.document().diagnosis;
  return {
    verdict: verdict === 'healthy' ? ['healthy'] : [...verdict],
    findings: findings.map((f) => toFinding(f, s.config, limit)),
    step: s.run.stepCount,
  };
}
