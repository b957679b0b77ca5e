// The network view by keyboard, and the new views together, in real headless Chromium against the built
// app: Tab reaches the drawing, the arrows walk its links with the hover card shown, Enter opens the edit
// field and the weight it sets is the one the exported model holds; 784 image inputs collapse to one
// column per layer; Compare with histograms, the network view and input features stays axe-clean, with
// one landmark of each kind, one colour scale, no sideways scroll on a phone and its key views in the
// first screen at 1280×720.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type LabState } from '../lab/src/state.js';
import { stateToSearch } from '../lab/src/url-state.js';
import { decodeSafetensors } from '../src/index.js';
import type { Page } from './helpers/browser.js';
import { axeViolations, gotoLab, resize, sideways, stats, useLab } from './helpers/lab.js';

const DESKTOP = { width: 1400, height: 900 };
const card = (page: Page) => page.locator('[data-testid=net-card]').first();
const cardBody = (page: Page) => card(page).locator('p').first();
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}` : '';
  });

const lab = useLab(DESKTOP);
const { page } = lab;

describe('the network view by keyboard', () => {
  it('Tab reaches the drawing, the arrows walk the links with the card, Enter edits the weight the model then holds', async () => {
    await gotoLab(page, lab.server, '?speed=10');
    await expect.poll(() => page.getAttribute('.network', 'data-kind'), { timeout: 30_000 }).toBe('units');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await stats(page)).playing).toBe(false);
    const step = (await stats(page)).step;
    await expect.poll(() => page.getAttribute('.network', 'data-step')).toBe(String(step));

    // from the control before it, one Tab: the drawing has focus and the card shows the first link
    await page.locator('.network select').first().focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('svg');
    await expect.poll(() => card(page).isVisible()).toBe(true);
    expect(await cardBody(page).getAttribute('data-link')).toBe('0,0,0');
    // → to layer 1, ↓ 26 times: W_1 is (8, 8), so link 26 is row 3, column 2
    await page.keyboard.press('ArrowRight');
    for (let k = 0; k < 26; k++) await page.keyboard.press('ArrowDown');
    expect(await cardBody(page).getAttribute('data-link')).toBe('1,3,2');
    expect(await page.locator('.network line.link.focused').getAttribute('data-link')).toBe('1,3,2');
    expect(await axeViolations(page)).toEqual([]);

    // Enter: the edit field has focus and holds the weight; a new value and Enter set it
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatch(/^input#net-weight-/);
    const shown = Number(await cardBody(page).getAttribute('data-weight'));
    expect(Number(await page.inputValue('[data-testid=net-card] input'))).toBe(shown);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('-0.625');
    await page.keyboard.press('Enter');
    await expect.poll(async () => Number(await cardBody(page).getAttribute('data-weight'))).toBe(-0.625);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export model (.safetensors)' }).click(),
    ]);
    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync((await download.path())!)), 'lab');
    expect(tensors['layers.1.weight']!.data[3 * 8 + 2]).toBe(-0.625);
    expect((await stats(page)).step).toBe(step);

    // Escape in the card unpins it and gives the focus back to the drawing (which shows its link again,
    // without the field); Escape there hides the card
    await page.focus('[data-testid=net-card] input');
    await page.keyboard.press('Escape');
    expect(await focused(page)).toBe('svg');
    expect(await page.locator('[data-testid=net-card] form').isVisible()).toBe(false);
    expect(await cardBody(page).getAttribute('data-link')).toBe('1,3,2');
    await page.keyboard.press('Escape');
    expect(await card(page).isVisible()).toBe(false);
    expect(lab.session.errors).toEqual([]);
  });
});

describe('the new views together', () => {
  it('784 Fashion-MNIST inputs collapse to one column per layer, read by keyboard, with no giant drawing', async () => {
    const images: LabState = {
      ...DEFAULT_STATE,
      data: 'fashion-mnist',
      trainSize: 300,
      valSize: 48,
      depth: 2,
      width: 32,
      activation: 'relu',
      init: 'he-normal',
    };
    await gotoLab(page, lab.server, `${stateToSearch(images)}&speed=max&limit=40`);
    await expect.poll(() => page.getAttribute('.network', 'data-kind'), { timeout: 60_000 }).toBe('summary');
    // 3 Dense layers: a column each, two rects a column, nothing per input or per link
    expect(await page.locator('.network g.layer-col').count()).toBe(3);
    expect(await page.locator('.network svg *').count()).toBe(9);
    await page.locator('.network select').first().focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => cardBody(page).textContent())
      .toMatch(
        /^layer 1 at step \d+: 32 units · RMS \|w\| = \S+ · ‖∂L\/∂W_l‖ = \S+ · \d+ of 32 dead · D_l RMS gain = \S+$/,
      );
    expect(await axeViolations(page)).toEqual([]);
    expect(lab.session.errors).toEqual([]);
  });

  it('Compare with features: axe-clean, one landmark of each kind, one colour scale, phone and projector layouts', async () => {
    const a: LabState = { ...DEFAULT_STATE, features: ['x1', 'x2', 'x1x2', 'sinx1'] };
    const search = `${stateToSearch(a)}&speed=600&compare=${encodeURIComponent('lr=0.3')}`;
    await resize(page, { width: 1280, height: 720 });
    await gotoLab(page, lab.server, search);
    await expect.poll(() => page.locator('.run').count()).toBe(2);
    // run B's heading says what it changes; run A's says nothing of the kind
    await expect
      .poll(() => page.locator('.run').nth(1).locator('[data-testid=changes]').textContent())
      .toBe('changes against run A: lr 0.3');
    expect(await page.locator('.run').nth(0).locator('[data-testid=changes]').isVisible()).toBe(false);
    await expect.poll(async () => (await stats(page)).stepB ?? 0, { timeout: 30_000 }).toBeGreaterThan(50);
    await expect.poll(() => page.locator('.network g.unit.input').count()).toBe(8);
    await expect
      .poll(() => page.locator('[data-testid=histograms] canvas[data-step]').count())
      .toBeGreaterThan(0);
    const ranges = await page
      .locator('.heatmap')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.range));
    expect(ranges).toEqual(['-16,10', '-16,10']);
    expect(await axeViolations(page)).toEqual([]);
    // a landmark role used twice carries two different names
    const landmarks = await page.evaluate(() =>
      [
        ...document.querySelectorAll('main, nav, aside, header, footer, [role=region], section[aria-label]'),
      ].map(
        (e) =>
          `${e.tagName.toLowerCase()} ${e.getAttribute('role') ?? ''} ${e.getAttribute('aria-label') ?? ''}`,
      ),
    );
    expect(new Set(landmarks).size).toBe(landmarks.length);
    for (const sel of ['.boundary canvas', '[data-testid=verdict]', '.heatmap canvas']) {
      const box = await page.locator(sel).first().boundingBox();
      expect(box, sel).not.toBeNull();
      expect(box!.y + box!.height, sel).toBeLessThanOrEqual(720);
    }
    await resize(page, { width: 390, height: 844 });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await resize(page, DESKTOP);
    expect(lab.session.errors).toEqual([]);
  });
});
