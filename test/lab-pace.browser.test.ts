// The lab's pace and its uploads, in real headless Chromium: a change of the learning rate alone goes on
// from the current step (an architecture change restarts), and each uploaded CSV trains on its own rows
// (a CSV the trainer refuses never replaces the one kept under that name).

import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page, screenshot } from './helpers/browser.js';
import {
  axeViolations,
  bothAtLimit,
  type Lab,
  openLab,
  labState as readState,
  resize,
  sideways,
  stats,
} from './helpers/lab.js';

interface State {
  data: string;
  lr: number;
  width: number;
  loss: string;
}

const labState = (page: Page): Promise<State | null> => readState<State>(page);
const title = async (page: Page): Promise<string> =>
  (await page.locator('.run h2').first().textContent()) ?? '';

/** XOR quadrants: a binary target */
const XOR = `x1,x2,y\n${Array.from({ length: 40 }, (_, i) => {
  const a = ((i * 7) % 10) / 5 - 1;
  const b = ((i * 3) % 10) / 5 - 1;
  return `${a},${b},${a * b > 0 ? 1 : 0}`;
}).join('\n')}\n`;
/** a line with a real-valued target: regression */
const REG = `x,y\n${Array.from({ length: 40 }, (_, i) => `${i / 10},${(i / 10) * 0.5 + 0.25}`).join('\n')}\n`;

interface RunDocument {
  steps: number;
  /** 'healthy' or the finding codes */
  diagnosis: { verdict: string | string[]; findings: { code: string; evidence: Record<string, number> }[] };
}

/** Export run (JSON) in Compare: run A's document and run B's, in that order. */
async function exportedDocuments(page: Page): Promise<RunDocument[]> {
  const downloads: Download[] = [];
  const take = (d: Download): void => void downloads.push(d);
  page.on('download', take);
  await page.getByRole('button', { name: 'Export run (JSON)' }).click();
  await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
  page.off('download', take);
  downloads.sort((x, y) => x.suggestedFilename().localeCompare(y.suggestedFilename()));
  expect(downloads.map((d) => d.suggestedFilename())).toEqual([
    'gradscope-run-a.json',
    'gradscope-run-b.json',
  ]);
  return Promise.all(downloads.map(async (d) => JSON.parse(readFileSync((await d.path())!, 'utf8'))));
}

const upload = (page: Page, name: string, text: string) =>
  page.setInputFiles('#csv', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('pace and uploads', () => {
  let lab: Lab;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    lab = await openLab({ width: 1280, height: 720 });
    page = lab.page;
    url = lab.server.url;
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('changing only the learning rate continues from the current step; changing the width restarts', async () => {
    // 10 epochs/s: slow enough that the step before and after the change are far from the limit
    await page.goto(`${url}?speed=10`);
    await expect.poll(async () => (await stats(page)).step, { timeout: 20_000 }).toBeGreaterThan(60);
    const before = await stats(page);
    await page.fill('#ctl-lr', '0.05');
    await page.locator('#ctl-lr').dispatchEvent('change');
    await expect.poll(async () => (await labState(page))?.lr).toBe(0.05);
    const after = await stats(page);
    expect(after.runIdA).toBe(before.runIdA);
    expect(after.step).toBeGreaterThanOrEqual(before.step);
    await expect.poll(() => page.textContent('#message')).toMatch(/Continuing from step \d+/);
    // the paced run really is paced: ~10 epochs/s × 10 steps an epoch, far below what it could do
    expect(after.step).toBeLessThan(2000);

    await page.selectOption('#speed', 'max');
    await page.fill('#ctl-width', '12');
    await page.locator('#ctl-width').dispatchEvent('change');
    await expect.poll(async () => (await stats(page)).runIdA).toBeGreaterThan(before.runIdA);
    expect((await labState(page))?.width).toBe(12);
    expect(lab.session.errors).toEqual([]);
  });

  it('Compare switched on after run A stopped at its limit starts run B, which stops at the same step', async () => {
    await page.goto(`${url}?limit=300`);
    await expect.poll(async () => (await stats(page)).atLimit, { timeout: 30_000 }).toBe(true);
    expect((await stats(page)).playing).toBe(false);
    await page.check('#compare');
    await expect.poll(() => page.locator('.run').count()).toBe(2);
    // B does not wait at step 0 for a Play: it trains to the shared limit, and the page then stops again
    await expect
      .poll(async () => (await stats(page)).atLimitB, { timeout: 60_000, interval: 250 })
      .toBe(true);
    const end = await stats(page);
    expect(end.step).toBe(300);
    expect(end.stepB).toBe(300);
    await expect.poll(async () => (await stats(page)).playing).toBe(false);
    await page.uncheck('#compare');
    expect(lab.session.errors).toEqual([]);
  });

  it("a Compare pick clicked after run A stopped at its limit trains both runs to the pick's limit", async () => {
    await page.goto(`${url}?limit=300`);
    await expect.poll(async () => (await stats(page)).atLimit, { timeout: 30_000 }).toBe(true);
    await page.getByRole('button', { name: 'sigmoid vs ReLU + He (depth 20)' }).click();
    // A restarts at step 0 and trains (it stayed paused at 0 under a button that said Pause)
    await expect
      .poll(async () => (await stats(page)).step, { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(0);
    const end = await bothAtLimit(page);
    expect([end.step, end.stepB]).toEqual([1000, 1000]);
    await expect.poll(async () => (await stats(page)).playing).toBe(false);
    await page.uncheck('#compare');
    expect(lab.session.errors).toEqual([]);
  });

  it('a step limit lowered below the current step stops the run where it is and says so', async () => {
    await page.goto(`${url}?speed=10`);
    await expect.poll(async () => (await stats(page)).step, { timeout: 20_000 }).toBeGreaterThan(60);
    await page.fill('#limit', '20');
    await page.locator('#limit').dispatchEvent('change');
    await expect.poll(async () => (await stats(page)).atLimit, { timeout: 20_000 }).toBe(true);
    // the header repaints on the next frame after the stop
    const headerText = async (): Promise<string> =>
      (await page.locator('.run .stats').first().textContent()) ?? '';
    await expect
      .poll(headerText, { timeout: 20_000 })
      .toContain('stopped: the step limit 20 is below this step');
    const at = (await stats(page)).step;
    expect(at).toBeGreaterThan(20);
    await expect
      .poll(() => page.textContent('#message'))
      .toMatch(/^Step limit 20 is below step \d+: the run stops where it is; raise the limit to go on\./);
    // the header never reads "step 67 of 20": it names the limit as below the step
    const header = await headerText();
    expect(header).toContain(`step ${at} · `);
    expect(header).toContain('stopped: the step limit 20 is below this step');
    expect(header).not.toMatch(/ of 20\b/);
    expect(lab.session.errors).toEqual([]);
  });

  it('at 1280×720 the boundary, the verdict and the heatmap are in the first screen', async () => {
    await page.goto(`${url}?speed=max`);
    await page.click('[data-preset="vanishing"]');
    await expect
      .poll(() => page.locator('[data-testid=verdict]').first().textContent(), { timeout: 60_000 })
      .toContain('vanishing');
    for (const sel of ['.boundary canvas', '[data-testid=verdict]', '.heatmap canvas']) {
      const box = await page.locator(sel).first().boundingBox();
      expect(box, sel).not.toBeNull();
      expect(box!.y + box!.height, sel).toBeLessThanOrEqual(720);
      expect(box!.x + box!.width, sel).toBeLessThanOrEqual(1280);
    }
  });

  it('each uploaded CSV trains on its own rows, and a refused one keeps the file it would replace', async () => {
    await page.goto(`${url}?speed=max`);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    await upload(page, 'xor.csv', XOR);
    await expect.poll(async () => (await labState(page))?.data).toBe('xor.csv');
    await expect.poll(() => title(page)).toContain('loss bce');
    await upload(page, 'reg.csv', REG);
    await expect.poll(async () => (await labState(page))?.data).toBe('reg.csv');
    await expect.poll(() => title(page)).toContain('loss mse');
    // back to xor.csv in Dataset: its own binary rows, not reg.csv's
    await page.selectOption('#ctl-data', 'xor.csv');
    await expect.poll(async () => (await labState(page))?.data).toBe('xor.csv');
    await expect.poll(() => title(page)).toContain('loss bce');

    // a regression file under the name xor.csv, with loss bce set: the trainer refuses it
    await page.selectOption('#ctl-loss', 'bce');
    await expect.poll(async () => (await labState(page))?.loss).toBe('bce');
    await upload(page, 'xor.csv', REG);
    await expect.poll(() => page.textContent('#message')).toContain('Settings not applied');
    // a Latin-1 byte: refused in the CLI's own words (`train --data` says the same), the run goes on
    await page.setInputFiles('#csv', {
      name: 'latin1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x1,x2,y\n0.5,\xe9,1\n0.1,0.2,0\n', 'latin1'),
    });
    await expect
      .poll(() => page.textContent('#message'))
      .toContain(
        'CSV not loaded — latin1.csv: expected a text CSV file, got "binary data (byte 0xe9 at offset 12: not UTF-8)"',
      );
    await page.selectOption('#ctl-data', 'circle');
    await expect.poll(async () => (await labState(page))?.data).toBe('circle');
    await page.selectOption('#ctl-data', 'xor.csv');
    await expect.poll(async () => (await labState(page))?.data).toBe('xor.csv');
    await expect.poll(() => title(page)).toContain('loss bce');
  });
  it('a classroom link opens its lesson with controls hidden; the reveal quotes the run document; its fix compares on one colour scale', async () => {
    await page.goto(`${url}?speed=max&lesson=vanishing&hide=optimizer,l1`);
    await expect.poll(() => page.locator('.lesson h2').textContent()).toContain('Vanishing');
    expect(await page.locator('#ctl-optimizer').isVisible()).toBe(false);
    expect(await page.locator('#ctl-l1').isVisible()).toBe(false);
    expect(await page.locator('#ctl-lr').isVisible()).toBe(true);
    await expect
      .poll(
        async () => {
          const s = await stats(page);
          return s.step > 0 && !s.playing;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await page.getByRole('button', { name: 'Reveal' }).click();
    const values = JSON.parse((await page.getAttribute('[data-testid=reveal]', 'data-values')) ?? '{}');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export run (JSON)' }).click(),
    ]);
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    const vanishing = doc.diagnosis.findings.find((f: { code: string }) => f.code === 'vanishing');
    expect(values).toEqual({
      signalRatio: vanishing.evidence.signalRatio,
      factorPerLayer: vanishing.evidence.factorPerLayer,
      factors: vanishing.evidence.factors,
    });
    const text = (await page.textContent('[data-testid=reveal]')) ?? '';
    expect(text).toContain(`${vanishing.evidence.factors} times`);
    expect(text).toMatch(/Layer 0 receives \d(\.\d)?e-\d+ of the output layer/);

    const runA = (await stats(page)).runIdA;
    await page.getByRole('button', { name: /See the fix side by side/ }).click();
    await expect.poll(() => page.locator('.run').count()).toBe(2);
    // both runs from step 0, each at its own pace, to the lesson's step limit
    await expect
      .poll(
        async () => {
          const s = await stats(page);
          return s.runIdA > runA && s.atLimit && s.atLimitB === true;
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBe(true);
    await expect
      .poll(() => page.locator('.run').nth(1).locator('[data-testid=verdict]').textContent(), {
        timeout: 60_000,
      })
      .toBe('healthy');
    // the reveal in Compare quotes each run's own numbers, each at its named step: its exported document's
    await page.getByRole('button', { name: 'Reveal' }).click();
    const parts = await page.locator('[data-testid=reveal] .part').evaluateAll((els) =>
      els.map((e) => {
        const { run, step, values } = (e as HTMLElement).dataset;
        return { run, step, values, text: e.textContent ?? '' };
      }),
    );
    const docs = await exportedDocuments(page);
    const limit = (await stats(page)).limit;
    expect(docs.map((d) => d.steps)).toEqual([limit, limit]);
    const [a, b] = parts;
    expect(parts).toHaveLength(2);
    const vanishingA = docs[0]!.diagnosis.findings.find((f) => f.code === 'vanishing')!;
    expect(a).toMatchObject({ run: 'Run A', step: String(limit) });
    expect(JSON.parse(a!.values!)).toEqual({
      signalRatio: vanishingA.evidence.signalRatio,
      factorPerLayer: vanishingA.evidence.factorPerLayer,
      factors: vanishingA.evidence.factors,
    });
    expect(a!.text).toMatch(new RegExp(`^Run A: At step ${limit}: Layer 0 receives \\d(\\.\\d)?e-\\d+ of`));
    // B is the fix: no vanishing finding to quote, and its own verdict at its own step
    expect(b).toMatchObject({ run: 'Run B', step: String(limit), values: '' });
    expect(b!.text).toBe(
      `Run B: At step ${limit}: nothing of this lesson's to quote (verdict: ${[docs[1]!.diagnosis.verdict].flat().join(', ')}).`,
    );
    await screenshot(page, 'lab-compare-lesson-reveal');
    // one colour scale for both runs, stated in each colour bar
    const ranges = await page
      .locator('.heatmap')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.range));
    expect(ranges).toEqual(['-16,10', '-16,10']);
    expect(await axeViolations(page)).toEqual([]);
    await resize(page, { width: 390, height: 844 });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(lab.session.errors).toEqual([]);
  }, 150_000);
});
