// Verdicts a teacher can trust, in real headless Chromium against the built lab: every preset, run at an
// accelerated pace (?speed=max) to its step limit, shows the verdict its sentence claims, lays out at a
// desktop and a phone width without sideways scrolling, and passes axe-core; "Apply fix" on its findings
// starts a playing run that loses them (at most three clicks, the λ ladder of overfitting).

import { describe, expect, it } from 'vitest';
import { PRESETS, type Preset } from '../lab/src/presets.js';
import { type Page, screenshot } from './helpers/browser.js';
import { axeViolations, type LabStats, resize, settled, sideways, stats, useLab } from './helpers/lab.js';

const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Click a preset and wait for its run to stop. */
async function runPreset(page: Page, p: Preset): Promise<LabStats> {
  const before = (await stats(page)).runIdA;
  await page.click(`[data-preset="${p.id}"]`);
  return settled(page, before);
}

/** The mean-field prediction each gradient-flow preset must show (layer 10's factor, the phase). */
const THEORY: Readonly<Record<string, { factor: number; phase: string } | 'none'>> = {
  vanishing: { factor: 0.2361, phase: 'ordered' },
  'relu-he': { factor: 1, phase: 'critical' },
  exploding: { factor: 2, phase: 'chaotic' },
  normalization: 'none',
  residual: 'none',
};

describe('every preset, at its step limit, claims what its sentence says', () => {
  const lab = useLab(DESKTOP, '?speed=max');

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s', async (_id, p) => {
    const page = lab.page;
    await page.setViewportSize(DESKTOP);
    const s = await runPreset(page, p);
    const verdict = s.verdict.split(',');
    // stopped where it should: at the limit, or at its NaN/Inf
    if (verdict.includes('non-finite')) expect(s.step).toBeLessThanOrEqual(p.limit);
    else expect([s.step, s.atLimit]).toEqual([p.limit, true]);
    expect(verdict[0]).toBe(p.claims.has[0]);
    for (const code of p.claims.has) expect(verdict).toContain(code);
    for (const code of p.claims.not) expect(verdict).not.toContain(code);
    expect(verdict.includes('overfitting') && verdict.includes('underfitting')).toBe(false);
    // theory beside measurement: the dashed √χ ticks on the RMS-gain bars and the phase in words, against
    // the mean-field closed forms (sigmoid at σ_w² = 1: √χ₁ = 0.2361; ReLU: √(σ_w²/2), so He gives 1 and
    // N(0, 0.5²) at fan-in 32 gives 2), or "does not apply" for LayerNorm and residual nets
    const theory = THEORY[p.id];
    if (theory) {
      const text = (await page.locator('.run .theory').first().textContent()) ?? '';
      const ticks = await page
        .locator('.run canvas[data-metric="signalRatio"]')
        .first()
        .getAttribute('data-theory');
      if (theory === 'none') {
        expect(text).toMatch(/^theory: does not apply \(/);
        expect(ticks).toBeNull();
      } else {
        expect(text).toContain(`(${theory.phase})`);
        const factor = Number(ticks!.split(',')[10]);
        expect(Math.abs(factor - theory.factor)).toBeLessThan(2e-3);
      }
    }
    // the sentences quote numbers, never an empty "from 3e5 to 3e5"
    const text = (await page.locator('.diagnosis').first().textContent()) ?? '';
    expect(text).not.toMatch(/from (\S+) (?:\(step \d+\) )?to \1\b/);
    expect(text).not.toMatch(/--[a-z]/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `lab-preset-${p.id}-1400x900`);
    await resize(page, PHONE);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `lab-preset-${p.id}-390x844`);
    await page.setViewportSize(DESKTOP);
    expect(lab.session.errors).toEqual([]);
  });
});

describe('Apply fix', () => {
  const lab = useLab(DESKTOP, '?speed=max');

  /** the findings shown with their fix buttons' labels */
  const fixes = (page: Page) =>
    page
      .locator('.run')
      .first()
      .locator('button.apply-fix')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? ''));

  it.each(PRESETS.filter((p) => !p.claims.has.includes('healthy')).map((p) => [p.id, p] as const))(
    'on %s leaves a playing run that loses the finding within three clicks',
    async (_id, p) => {
      const page = lab.page;
      const first = await runPreset(page, p);
      const labels = await fixes(page);
      expect(labels.length).toBeGreaterThan(0);
      // each distinct fix once: findings that follow from the leading one carry its fix
      const distinct = [...new Map(labels.map((l) => [l.replace(/^Apply fix for \S+: /, ''), l])).values()];
      for (const label of distinct) {
        const code = /^Apply fix for (\S+):/.exec(label)![1]!;
        const sameFix = labels.filter((l) => l.endsWith(label.replace(/^Apply fix for \S+: /, '')));
        const codes = sameFix.map((l) => /^Apply fix for (\S+):/.exec(l)![1]!);
        let s = first;
        if (distinct.length > 1) s = await runPreset(page, p);
        const applied: string[] = [];
        for (let click = 0; click < 3 && codes.some((c) => s.verdict.split(',').includes(c)); click++) {
          const button = page
            .locator('.run')
            .first()
            .locator(
              `button.apply-fix[aria-label^="Apply fix for ${codes.find((c) => s.verdict.split(',').includes(c))}:"]`,
            );
          if ((await button.count()) === 0) {
            // no fix the lab can apply for what is left: the finding must say why
            const left = codes.filter((c) => s.verdict.split(',').includes(c));
            for (const c of left) {
              const why = page
                .locator('.run')
                .first()
                .locator('.diagnosis li', { hasText: c })
                .locator('.no-fix');
              expect(await why.first().textContent(), `${c} without a fix`).toMatch(
                /^No (fix|setting change)/,
              );
            }
            s = {
              ...s,
              verdict: s.verdict
                .split(',')
                .filter((c) => !left.includes(c))
                .join(','),
            };
            break;
          }
          const l = (await button.getAttribute('aria-label')) ?? '';
          // never the setting already in place
          expect(applied).not.toContain(l.replace(/^Apply fix for \S+: /, ''));
          applied.push(l.replace(/^Apply fix for \S+: /, ''));
          await button.click();
          // the fixed run reaches its own limit (or stop) without a press of Play: it was left playing; a
          // raised Step limit ("train longer") is the same run going on from its step
          s = await settled(page, s.runIdA, l.includes('Step limit') ? { step: s.step } : null);
        }
        for (const c of codes)
          expect(s.verdict.split(','), `${code} after ${applied.join(' | ')}`).not.toContain(c);
      }
      expect(lab.session.errors).toEqual([]);
    },
  );
});
