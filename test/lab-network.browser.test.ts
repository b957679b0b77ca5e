// The network view and Playground's controls, in real headless Chromium against the built lab: links and
// units of a small net, one column per layer at depth 100, a hover card that reads the worker's own
// weights (the exported .safetensors) and edits one (the next SGD step starts from it), the input-feature
// toggles, Regenerate data (new points, the same weights and step), discretize and show-validation,
// "train longer" as an Apply fix that goes on from the current step, a readable step axis, axe-core and
// no sideways scroll at 390×844.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../src/index.js';
import type { Page } from './helpers/browser.js';
import { axeViolations, gotoLab, labState, resize, settled, sideways, stats, useLab } from './helpers/lab.js';

const DESKTOP = { width: 1400, height: 900 };

/** The model's tensors as the lab exports them (Export model): the worker's own weights. */
async function exportedWeights(page: Page): Promise<Record<string, Float32Array>> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export model (.safetensors)' }).click(),
  ]);
  const bytes = new Uint8Array(readFileSync((await download.path())!));
  const { tensors } = decodeSafetensors(bytes, 'lab export');
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.data as Float32Array]));
}

async function exportedDocument(
  page: Page,
): Promise<{ config: Record<string, unknown>; diagnosis: { notes?: string[] } }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export run (JSON)' }).click(),
  ]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

/** Pause and wait until the network view shows the step the run stopped at. */
async function pauseShown(page: Page): Promise<number> {
  if ((await stats(page)).playing) await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(async () => (await stats(page)).playing).toBe(false);
  const step = (await stats(page)).step;
  await expect.poll(() => page.getAttribute('.network', 'data-step'), { timeout: 20_000 }).toBe(String(step));
  return step;
}

/** The hover card's numbers for the link W_layer[row, col]. */
async function hoverLink(page: Page, layer: number, row: number, col: number, click = false) {
  const link = page.locator(`.network line.link[data-link="${layer},${row},${col}"]`).first();
  // NOTE: links cross, so the pointer at a link's centre may be over another one: the event goes to this one
  await link.dispatchEvent(click ? 'click' : 'mouseover');
  const body = page.locator('[data-testid=net-card] p').first();
  await expect.poll(() => body.getAttribute('data-link')).toBe(`${layer},${row},${col}`);
  const read = async (k: string) => Number(await body.getAttribute(`data-${k}`));
  return { weight: await read('weight'), grad: await read('grad'), gain: await read('gain') };
}

// one Chromium for the file: each test loads the page it needs
const lab = useLab(DESKTOP);
const { page } = lab;

describe('the network view', () => {
  it('draws every link and unit of a 2-8-8-1 net, with a thumbnail per unit; the hover card reads the exported weights', async () => {
    await gotoLab(page, lab.server, '?speed=10');
    await expect.poll(() => page.getAttribute('.network', 'data-kind'), { timeout: 30_000 }).toBe('units');
    // 2·8 + 8·8 + 8·1 links, 2 + 8 + 8 + 1 units, a thumbnail for each of the 17 non-input units
    expect(await page.locator('.network line.link').count()).toBe(88);
    expect(await page.locator('.network g.unit').count()).toBe(19);
    expect(await page.locator('.network g.unit image').count()).toBe(17);
    expect(await page.locator('.network g.unit image').first().getAttribute('href')).toMatch(
      /^data:image\/png/,
    );
    expect(await page.locator('.network g.unit[data-state]').count()).toBe(17);
    await pauseShown(page);
    const card = await hoverLink(page, 1, 3, 2);
    const tensors = await exportedWeights(page);
    // W_1 is (8, 8): row 3, column 2
    expect(card.weight).toBe(tensors['layers.1.weight']![3 * 8 + 2]);
    expect(Number.isFinite(card.grad) && Number.isFinite(card.gain)).toBe(true);
    expect(lab.session.errors).toEqual([]);
  });

  it('a weight edited in the hover card is where the next SGD step starts: w₁ = 0.75 − η·∂L/∂w', async () => {
    const before = await stats(page);
    await hoverLink(page, 1, 3, 2, true);
    await page.fill('[data-testid=net-card] input', '0.75');
    await page.getByRole('button', { name: 'Set weight' }).click();
    await expect.poll(async () => (await hoverLink(page, 1, 3, 2)).weight).toBe(0.75);
    expect((await stats(page)).runIdA).toBe(before.runIdA);
    expect((await stats(page)).step).toBe(before.step);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect
      .poll(() => page.getAttribute('.network', 'data-step'), { timeout: 20_000 })
      .toBe(String(before.step + 1));
    const after = await hoverLink(page, 1, 3, 2);
    // the default optimizer is plain SGD at η = 0.1, no penalty: one float32 step from the edited value
    expect(Math.abs(after.weight - (0.75 - 0.1 * after.grad))).toBeLessThan(1e-6);
    const doc = await exportedDocument(page);
    expect(doc.diagnosis.notes?.join('\n')).toContain(`weight W_1[3, 2] set from`);
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('Regenerate data draws new points on a data seed of its own and keeps the step and every weight', async () => {
    const before = await stats(page);
    const weights = await exportedWeights(page);
    const seed = (await labState<{ seed: number; dataSeed: number | null }>(page))!;
    await page.getByRole('button', { name: 'Regenerate data' }).click();
    await expect
      .poll(async () => (await labState<{ dataSeed: number | null }>(page))?.dataSeed)
      .toBe(seed.seed + 1);
    await expect.poll(() => page.textContent('#message')).toMatch(/Continuing from step \d+/);
    const after = await stats(page);
    expect([after.runIdA, after.step]).toEqual([before.runIdA, before.step]);
    expect(await exportedWeights(page)).toEqual(weights);
    expect((await exportedDocument(page)).config.dataSeed).toBe(seed.seed + 1);
  });

  it('discretize paints two colours; unticking Show validation data hides the hollow points', async () => {
    const fig = page.locator('.boundary').first();
    const valPoints = Number(await fig.getAttribute('data-val-drawn'));
    expect(valPoints).toBeGreaterThan(0);
    expect(Number(await fig.getAttribute('data-colours'))).toBeGreaterThan(2);
    await fig.getByLabel('Discretize').check();
    await expect.poll(async () => Number(await fig.getAttribute('data-colours'))).toBeLessThanOrEqual(2);
    await fig.getByLabel('Show validation data').uncheck();
    await expect.poll(() => fig.getAttribute('data-val-drawn')).toBe('0');
    await fig.getByLabel('Show validation data').check();
    await expect.poll(() => fig.getAttribute('data-val-drawn')).toBe(String(valPoints));
  });

  it('the feature toggles train on x₁, x₂, x₁·x₂, sin x₁: four input units, 4·8 first-layer links', async () => {
    await page.locator('#ctl-features-x1x2').check();
    await expect
      .poll(async () => (await labState<{ features: string[] | null }>(page))?.features)
      .toEqual(['x1', 'x2', 'x1x2']);
    await page.locator('#ctl-features-sinx1').check();
    await expect
      .poll(async () => (await labState<{ features: string[] | null }>(page))?.features)
      .toEqual(['x1', 'x2', 'x1x2', 'sinx1']);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.locator('.network g.unit.input').count(), { timeout: 20_000 }).toBe(4);
    expect(await page.locator('.network g.unit.input text').allTextContents()).toEqual([
      'x₁',
      'x₂',
      'x₁·x₂',
      'sin x₁',
    ]);
    expect(await page.locator('.network line.link[data-link^="0,"]').count()).toBe(32);
    // the boundary is still the x₁, x₂ plane, each grid point encoded as the model's four features
    await expect.poll(() => page.getAttribute('.boundary', 'data-colours')).not.toBeNull();
    // sine has no x₁, x₂ plane: it trains on its column as given, and the toggles are off
    await page.selectOption('#ctl-data', 'sine');
    await expect.poll(async () => (await labState<{ data: string }>(page))?.data).toBe('sine');
    expect((await labState<{ features: string[] | null }>(page))?.features).toBeNull();
    // and no toggles to show: sine has nothing to compute x₁², sin x₁ … from
    expect(await page.locator('#ctl-features-x1').isDisabled()).toBe(true);
    expect(await page.locator('fieldset.features').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#message').isVisible()).toBe(false);
    expect(lab.session.errors).toEqual([]);
  });

  it('collapses a depth-100 network to one column per layer with its summary; axe-clean; no sideways scroll at 390×844', async () => {
    await gotoLab(page, lab.server, '?speed=max&depth=100&width=8&activation=relu&init=he-normal');
    await expect.poll(() => page.getAttribute('.network', 'data-kind'), { timeout: 60_000 }).toBe('summary');
    // 100 hidden layers and the output layer
    expect(await page.locator('.network g.layer-col').count()).toBe(101);
    expect(await page.locator('.network line.link').count()).toBe(0);
    await expect
      .poll(() => page.locator('.network g.layer-col').nth(5).getAttribute('data-dead'), { timeout: 30_000 })
      .toMatch(/^\d+$/);
    await page.locator('.network g.layer-col rect.col').nth(5).dispatchEvent('mouseover');
    const text = (await page.locator('[data-testid=net-card] p').first().textContent()) ?? '';
    expect(text).toMatch(
      /^layer 5 at step \d+: 8 units · RMS \|w\| = \S+ · ‖∂L\/∂W_l‖ = \S+ · \d+ of 8 dead · D_l RMS gain = \S+$/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await resize(page, { width: 390, height: 844 });
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);
    expect(lab.session.errors).toEqual([]);
  }, 120_000);

  it('a small net is axe-clean with its hover card open, and keeps to a phone width', async () => {
    await gotoLab(page, lab.server, '?speed=10');
    await expect.poll(() => page.getAttribute('.network', 'data-kind'), { timeout: 30_000 }).toBe('units');
    await hoverLink(page, 0, 7, 1, true);
    expect(await axeViolations(page)).toEqual([]);
    await resize(page, { width: 390, height: 844 });
    await hoverLink(page, 2, 0, 7, true);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);
  });
});

describe('pace: a long run and its step limit', () => {
  it('the learning-rate slider (log scale) changes η and the run goes on from its step', async () => {
    await gotoLab(page, lab.server, '?speed=10');
    await expect.poll(async () => (await stats(page)).step, { timeout: 20_000 }).toBeGreaterThan(20);
    const before = await stats(page);
    await page.getByLabel('Learning rate slider').fill('-2');
    await expect.poll(async () => (await labState<{ lr: number }>(page))?.lr).toBe(0.01);
    expect(await page.inputValue('#ctl-lr')).toBe('0.01');
    await expect.poll(() => page.textContent('#message')).toMatch(/Continuing from step \d+/);
    const after = await stats(page);
    expect(after.runIdA).toBe(before.runIdA);
    expect(after.step).toBeGreaterThanOrEqual(before.step);
    // the noise slider moves its field too (a data change: a new run)
    await page.getByLabel('Noise slider').fill('0.3');
    await expect.poll(async () => (await labState<{ noise: number }>(page))?.noise).toBe(0.3);
    await expect.poll(async () => (await stats(page)).runIdA).toBeGreaterThan(before.runIdA);
  });

  it('"train longer" is an Apply fix that raises the Step limit and goes on from the same run and step', async () => {
    // η = 0.001 barely moves the weights in 100 steps: underfitting, and its first fix is more steps
    await gotoLab(page, lab.server, '?speed=max&limit=100&lr=0.001');
    const first = await settled(page, 0);
    expect(first.step).toBe(100);
    const button = page.locator('.run').first().locator('button.apply-fix[aria-label*="Step limit"]').first();
    await expect.poll(() => button.count()).toBe(1);
    expect(await button.getAttribute('aria-label')).toMatch(/raise Step limit \(now 100\) [24]×/);
    await button.click();
    const next = await settled(page, first.runIdA, { step: first.step });
    expect(next.runIdA).toBe(first.runIdA);
    expect([200, 400]).toContain(next.limit);
    expect(next.step).toBe(next.limit);
    expect(Number(await page.inputValue('#limit'))).toBe(next.limit);
    expect(lab.session.errors).toEqual([]);
  });

  it('the curves step axis: log scale and the last 2,000 steps', async () => {
    await page.fill('#limit', '5000');
    await page.locator('#limit').dispatchEvent('change');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => (await stats(page)).step, { timeout: 60_000 }).toBeGreaterThan(3000);
    const loss = page.locator('.chart').first();
    await page.selectOption('.step-axis', 'window');
    await expect
      .poll(async () => {
        const [lo, hi] = ((await loss.getAttribute('data-x-range')) ?? '0,0').split(',').map(Number);
        return hi! - lo!;
      })
      .toBeLessThanOrEqual(2000);
    await page.selectOption('.step-axis', 'log');
    // log₁₀ of steps up to 5000: the axis spans at most 0 .. 3.7
    await expect
      .poll(async () => Number(((await loss.getAttribute('data-x-range')) ?? '9,9').split(',')[1]))
      .toBeLessThan(4);
    expect(lab.session.errors).toEqual([]);
  });
});

describe('exploding: the loss chart', () => {
  it('plots the batch loss where the whole-set loss is not finite', async () => {
    await gotoLab(page, lab.server, '?speed=max');
    const before = (await stats(page)).runIdA;
    await page.click('[data-preset="exploding"]');
    await settled(page, before);
    const loss = page.locator('.chart').first();
    await expect.poll(async () => Number(await loss.getAttribute('data-batch-points'))).toBeGreaterThan(0);
    const batchKey = loss.locator('.u-series', {
      hasText: 'batch loss (where the whole-set loss is not finite)',
    });
    expect(await batchKey.isVisible()).toBe(true);
    // a run whose whole-set loss is finite throughout draws no batch points, so its key is not shown
    const exploded = (await stats(page)).runIdA;
    await page.click('[data-preset="relu-he"]');
    await settled(page, exploded);
    expect(await loss.getAttribute('data-batch-points')).toBe('0');
    expect(await batchKey.isVisible()).toBe(false);
    expect(lab.session.errors).toEqual([]);
  });
});
