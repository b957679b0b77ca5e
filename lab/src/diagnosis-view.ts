// The diagnosis panel (verdict, explanations, "apply fix") and the clipping indicator.

import type { Diagnosis, RunUpdate } from './protocol.js';

export interface DiagnosisView {
  readonly element: HTMLElement;
  update(d: Diagnosis | null, clip: RunUpdate['clip']): void;
  clear(): void;
}

/** onApply receives the fix as lab settings (URL keys → values). */
export function createDiagnosisView(
  label: string,
  onApply: (fix: Readonly<Record<string, string>>) => void,
): DiagnosisView {
  const element = document.createElement('section');
  element.className = 'diagnosis';
  // one landmark per run: "Run A diagnosis", "Run B diagnosis" (axe: landmarks need unique names)
  element.setAttribute('aria-label', `${label} diagnosis`);
  const heading = document.createElement('h2');
  heading.textContent = 'Diagnosis';
  const verdict = document.createElement('p');
  verdict.className = 'verdict';
  verdict.dataset.testid = 'verdict';
  verdict.setAttribute('aria-live', 'polite');
  const list = document.createElement('ul');
  const clipLine = document.createElement('p');
  clipLine.className = 'clip';
  clipLine.dataset.testid = 'clip';
  const atStep = document.createElement('p');
  atStep.className = 'at-step';
  atStep.setAttribute('aria-live', 'off');
  element.append(heading, atStep, verdict, list, clipLine);
  let shown = '';

  const render = (d: Diagnosis | null): void => {
    // the step it was computed at changes more often than the findings: the list is rebuilt only for those
    atStep.textContent = d ? `at step ${d.step}` : '';
    atStep.dataset.step = d ? String(d.step) : '';
    const key = d ? JSON.stringify([d.verdict, d.findings]) : '';
    if (key === shown) return;
    shown = key;
    list.replaceChildren();
    if (!d) {
      verdict.textContent = 'waiting for the first steps…';
      verdict.dataset.verdict = '';
      return;
    }
    const text = d.verdict.join(', ');
    verdict.textContent = text;
    verdict.dataset.verdict = text;
    verdict.className = `verdict ${d.verdict.includes('healthy') ? 'ok' : 'bad'}`;
    for (const f of d.findings) {
      const li = document.createElement('li');
      const code = document.createElement('strong');
      code.textContent = f.code;
      const layers = f.layers.length ? ` (layers ${f.layers.join(', ')})` : '';
      li.append(code, `${layers}: ${f.explanation}`);
      if (f.suggestion) {
        const s = document.createElement('p');
        s.className = 'suggestion';
        s.textContent = `Suggestion: ${f.suggestion}`;
        li.append(s);
      }
      const fix = f.fix;
      if (fix) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'apply-fix';
        button.textContent = 'Apply fix';
        button.setAttribute(
          'aria-label',
          `Apply fix for ${f.code}: ${
            f.fixText ??
            Object.entries(fix)
              .map(([k, v]) => `${k} = ${v}`)
              .join(', ')
          }`,
        );
        button.addEventListener('click', () => onApply(fix));
        li.append(button);
      } else if (f.noFix) {
        const why = document.createElement('p');
        why.className = 'no-fix';
        why.textContent = f.noFix;
        li.append(why);
      }
      list.append(li);
    }
  };

  return {
    element,
    update(d, clip) {
      render(d);
      if (!clip.enabled) {
        clipLine.textContent = 'Clipping: off';
        clipLine.dataset.state = 'off';
        return;
      }
      const active = clip.clippedShare > 0;
      clipLine.dataset.state = active ? 'clipping' : 'idle';
      clipLine.textContent = `Clipping: ${active ? 'ACTIVE' : 'idle'} — ${Math.round(clip.clippedShare * 100)}% of recent steps clipped (${clip.clippedTotal} in all); ‖g‖ ${fmt(clip.preNorm)} → ${fmt(clip.postNorm)}`;
    },
    clear() {
      render(null);
      clipLine.textContent = '';
    },
  };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(3) : '-';
}
