// The human form of a diagnosis: plain text, one block per finding.

import type { Diagnosis, Evidence } from './finding.js';
import { fmt, layerList } from './finding.js';

/**
 * A step, count or index exactly, as the explanation quotes it (2 significant digits turned step 1660
 * into 1700 beside a sentence saying 1660); a measured number to 2 significant digits (fmt).
 */
function evidenceNumber(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : fmt(v);
}

function evidenceLine(e: Evidence): string {
  return Object.entries(e)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => {
      if (typeof v === 'number') return `${k} ${evidenceNumber(v)}`;
      if (Array.isArray(v)) return `${k} [${v.map((x: number) => evidenceNumber(x)).join(', ')}]`;
      return `${k} ${String(v)}`;
    })
    .join(', ');
}

export function formatDiagnosis(d: Diagnosis): string {
  const notes = (d.notes ?? []).map((n) => `note: ${n}\n`).join('');
  if (d.verdict === 'healthy') return `${notes}diagnosis: healthy (no finding)\n`;
  const lines = [`${notes}diagnosis: ${d.verdict.join(', ')}`];
  for (const f of d.findings) {
    const where = f.layers.length > 0 ? ` (${layerList(f.layers)})` : '';
    lines.push('', `${f.code}${f.cause ? ` — cause: ${f.cause}` : ''}${where}`);
    lines.push(`  ${f.explanation}`);
    if (f.suggestion) lines.push(`  try: ${f.suggestion}`); // every fix may already be in place
    lines.push(`  evidence: ${evidenceLine(f.evidence)}`);
  }
  return `${lines.join('\n')}\n`;
}
