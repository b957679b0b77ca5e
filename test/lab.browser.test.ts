// The web lab in real headless Chromium, served from the built app (dist/lab) by the lab server.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type LabState } from '../lab/src/state.js';
import { stateToSearch } from '../lab/src/url-state.js';
import { type LabServer, startLabServer } from '../src/cli/server.js';
import { ARTIFACTS, type BrowserSession, openBrowser, type Page, screenshot } from './helpers/browser.js';
import { bothAtLimit } from './helpers/lab.js';

const APP = resolve(import.meta.dirname, '../dist/lab');

interface Stats {
  step: number;
  stepsPerSec: number;
  stepAt: number;
  viewFps: number;
  verdict: string;
  verdictStep: number | null;
  playing: boolean;
  runIdA: number;
  stepB: number | null;
  atLimit: boolean;
  atLimitB: boolean | null;
}

const stats = (page: Page): Promise<Stats> =>
  page.evaluate(() => (window as unknown as { gradscopeLab: { stats(): Stats } }).gradscopeLab.stats());
const labState = (page: Page): Promise<LabState | null> =>
  page.evaluate(
    () => (window as unknown as { gradscopeLab: { state(): LabState | null } }).gradscopeLab.state() ?? null,
  );

/** Wait until the run has taken more steps than now (it keeps running). */
async function expectRunning(page: Page): Promise<void> {
  const before = (await stats(page)).step;
  await page.waitForFunction(
    (n) => (window as unknown as { gradscopeLab: { stats(): Stats } }).gradscopeLab.stats().step > n,
    before,
    { timeout: 10_000 },
  );
}

async function waitForVerdict(page: Page, pattern: string, runIdAbove = 0): Promise<Stats> {
  await page.waitForFunction(
    ([p, id]) => {
      const s = (window as unknown as { gradscopeLab: { stats(): Stats } }).gradscopeLab.stats();
      return s.runIdA > (id as number) && new RegExp(p as string).test(s.verdict);
    },
    [pattern, runIdAbove],
    { timeout: 20_000 },
  );
  return stats(page);
}

describe('web lab (headless Chromium)', () => {
  let server: LabServer;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(APP, 'index.html'))) {
      throw new Error(`the lab is not built: no ${APP}/index.html (run the lab build first)`);
    }
    server = await startLabServer({ root: APP, host: '127.0.0.1', port: 0 });
    session = await openBrowser({ width: 1400, height: 1000 });
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  beforeEach(() => {
    session.errors.length = 0;
  });
  afterEach(() => {
    expect(session.errors).toEqual([]);
  });

  it('the vanishing preset reads vanishing; applying the suggested fix reads healthy within 200 steps', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    const first = await stats(page);
    await page.getByRole('button', { name: 'Vanishing (sigmoid)' }).click();
    await expect.poll(() => page.textContent('#preset-note')).toContain('0.25');
    const vanishing = await waitForVerdict(page, 'vanishing', first.runIdA);
    expect((await labState(page))?.activation).toBe('sigmoid');
    expect(await page.locator('[data-testid=verdict]').textContent()).toContain('vanishing');
    await screenshot(page, 'lab-vanishing-sigmoid');
    await page
      .locator('.heatmap')
      .first()
      .screenshot({ path: join(ARTIFACTS, 'lab-heatmap-vanishing.png') });
    await page
      .locator('.bars')
      .first()
      .screenshot({ path: join(ARTIFACTS, 'lab-layer-bars-vanishing.png') });

    const fix = page
      .locator('.diagnosis li', { hasText: 'vanishing' })
      .getByRole('button', { name: /Apply fix/ });
    await fix.click();
    const healthy = await waitForVerdict(page, '^healthy$', vanishing.runIdA);
    const fixed = await labState(page);
    expect(fixed?.activation).toBe('relu');
    expect(fixed?.init).toBe('he-normal');
    expect(fixed?.depth).toBe(20);
    expect(healthy.verdictStep).not.toBeNull();
    expect(healthy.verdictStep!).toBeLessThanOrEqual(200);
    expect(new URL(page.url()).searchParams.get('activation')).toBe('relu');
    await screenshot(page, 'lab-fixed-relu-he');
  });

  it('a URL that holds a configuration restores exactly that configuration', async () => {
    const want: LabState = {
      ...DEFAULT_STATE,
      data: 'moons',
      samples: 300,
      noise: 0.25,
      valSplit: 0.3,
      depth: 7,
      width: 24,
      activation: 'leaky-relu:0.1',
      init: 'normal:0.3',
      loss: 'mse',
      optimizer: 'adam',
      lr: 0.003,
      batchSize: 16,
      l1: 0.0001,
      l2: 0.002,
      weightDecay: 0.01,
      dropout: 0.1,
      clipNorm: 2.5,
      norm: 'layer',
      residual: true,
      residualScale: 0.5,
      seed: 42,
    };
    const search = stateToSearch(want);
    await page.goto(`${server.url}${search}`);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    await expect.poll(() => labState(page)).toEqual(want);
    expect(new URL(page.url()).search).toBe(search);
    expect(await page.inputValue('#ctl-depth')).toBe('7');
    expect(await page.inputValue('#ctl-activation')).toBe('leaky-relu:0.1');
    expect(await page.inputValue('#ctl-init')).toBe('normal:0.3');
    expect(await page.isChecked('#ctl-residual')).toBe(true);
    await expectRunning(page);
    await expect.poll(() => page.getAttribute('[data-testid=clip]', 'data-state')).toMatch(/idle|clipping/);
  });

  it('an invalid URL shows a clear message and runs the defaults', async () => {
    await page.goto(`${server.url}?depth=500&activation=sigmoid`);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    const message = page.locator('#message');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toContain('depth: expected an integer ≥ 1 and ≤ 100, got "500"');
    await expect.poll(() => labState(page)).toEqual(DEFAULT_STATE);
    await expectRunning(page);
  });

  it('a bad setting, a refused setting and a bad CSV upload each show a message and leave the last good run going', async () => {
    const good: LabState = { ...DEFAULT_STATE, depth: 3, width: 12, seed: 7, norm: 'batch' };
    await page.goto(`${server.url}${stateToSearch(good)}`);
    await expect.poll(() => labState(page)).toEqual(good);
    const message = page.locator('#message');

    await page.fill('#ctl-width', '0');
    await page.press('#ctl-width', 'Enter');
    await page.locator('#ctl-width').blur();
    await expect
      .poll(() => message.textContent())
      .toContain('width: expected an integer ≥ 1 and ≤ 300, got "0"');
    expect(await page.inputValue('#ctl-width')).toBe('12');
    expect(await labState(page)).toEqual(good);
    await expectRunning(page);

    // valid on its own, refused by the trainer: BatchNorm needs more than 1 row a batch (a batch past the
    // 320 training rows is no longer refused: it is the full batch)
    await page.fill('#ctl-batchSize', '1');
    await page.locator('#ctl-batchSize').blur();
    await expect.poll(() => message.textContent()).toContain('--batch-size');
    expect(await labState(page)).toEqual(good);
    await expect.poll(() => page.inputValue('#ctl-batchSize')).toBe('32');
    await expectRunning(page);

    await page.setInputFiles('#csv', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x1,x2,label\n0.5,0.25,1\n0.1,oops,0\n'),
    });
    await expect
      .poll(() => message.textContent())
      .toContain('bad.csv row 3 column "x2": expected a finite number');
    expect(await labState(page)).toEqual(good);
    await expectRunning(page);

    const rows = Array.from({ length: 80 }, (_, i) => {
      const x = Math.cos(i) * (i % 2 ? 1 : 2);
      const y = Math.sin(i) * (i % 2 ? 1 : 2);
      return `${x.toFixed(3)},${y.toFixed(3)},${i % 2}`;
    });
    await page.setInputFiles('#csv', {
      name: 'rings.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`x1,x2,label\n${rows.join('\n')}\n`),
    });
    await expect.poll(async () => (await labState(page))?.data).toBe('rings.csv');
    await expectRunning(page);
  });

  it('a link the trainer refuses (bce on sine) says why and runs the defaults', async () => {
    await page.goto(`${server.url}?data=sine&loss=bce`);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    const message = page.locator('#message');
    await expect.poll(() => message.textContent()).toContain('expected mse for regression data, got "bce"');
    expect(await message.textContent()).toContain('Showing the default configuration');
    await expect.poll(() => labState(page)).toEqual(DEFAULT_STATE);
    await expectRunning(page);
  });

  it('a run that diverges shows Play and its reason; the next preset clears it and runs; steps/s is measured', async () => {
    // a limit far beyond the window, so the run is playing throughout it
    await page.goto(`${server.url}?limit=1000000`);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    await expect.poll(async () => (await stats(page)).stepsPerSec, { timeout: 30_000 }).toBeGreaterThan(0);
    // steps/s as shown agrees with the step counter over a second of the worker's own clock (the
    // timestamps of the updates the steps came from), not the test's: under load the two drift apart
    const a = await stats(page);
    await expect
      .poll(async () => (await stats(page)).stepAt - a.stepAt, { timeout: 30_000, interval: 100 })
      .toBeGreaterThanOrEqual(1000);
    const b = await stats(page);
    expect(b.runIdA).toBe(a.runIdA);
    expect(b.playing).toBe(true);
    const measured = (b.step - a.step) / ((b.stepAt - a.stepAt) / 1000);
    expect(b.stepsPerSec).toBeGreaterThan(measured / 2);
    expect(b.stepsPerSec).toBeLessThan(measured * 2);
    // paused, the line says 0 steps/s, not the last rate
    await page.click('#play');
    await expect.poll(() => page.textContent('.run .stats')).toMatch(/ 0 steps\/s · paused$/);
    expect((await stats(page)).stepsPerSec).toBe(0);
    await page.click('#play');

    await page.getByRole('button', { name: 'Exploding' }).click();
    await waitForVerdict(page, 'non-finite', a.runIdA);
    const message = page.locator('#message');
    await expect.poll(() => message.textContent()).toContain('training stopped: a NaN/Inf appeared');
    await expect.poll(() => page.textContent('#play')).toBe('Play');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
    expect(await page.locator('.heatmap .heat-y').first().textContent()).toContain('layer 30 (output)');
    await page
      .locator('.run')
      .first()
      .screenshot({ path: join(ARTIFACTS, 'lab-exploding-stopped.png') });

    const exploded = await stats(page);
    await page.getByRole('button', { name: 'Clipping' }).click();
    const clipped = await waitForVerdict(page, 'exploding', exploded.runIdA);
    expect(clipped.verdict).not.toContain('non-finite');
    await expect.poll(() => message.isVisible()).toBe(false);
    await expect.poll(() => page.textContent('#play')).toBe('Pause');
    await expectRunning(page);
    await expect.poll(() => page.getAttribute('[data-testid=clip]', 'data-state')).toBe('clipping');

    const before = await stats(page);
    await page.getByRole('button', { name: 'ReLU + He fixes it' }).click();
    await waitForVerdict(page, '^healthy$', before.runIdA);
    await expect.poll(async () => (await stats(page)).step, { timeout: 20_000 }).toBeGreaterThan(400);
    expect((await stats(page)).verdict).toBe('healthy');
  });

  it('compare runs two configurations on the same seed side by side', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    await page.getByRole('button', { name: 'sigmoid vs ReLU + He (depth 20)' }).click();
    await page.waitForFunction(
      () =>
        ((window as unknown as { gradscopeLab: { stats(): Stats } }).gradscopeLab.stats().stepB ?? 0) > 50,
      undefined,
      { timeout: 15_000 },
    );
    expect(new URL(page.url()).searchParams.get('compare')).toBe('activation=relu&init=he-normal');
    await expect.poll(() => page.locator('.run').count()).toBe(2);
    await expect
      .poll(() => page.locator('.run').nth(0).locator('[data-testid=verdict]').textContent(), {
        timeout: 15_000,
      })
      .toContain('vanishing');
    await expect
      .poll(() => page.locator('.run').nth(1).locator('[data-testid=verdict]').textContent(), {
        timeout: 15_000,
      })
      .not.toContain('vanishing');
    // each run trains at its own pace, on one step axis: both heatmaps and all four charts span 0 to the
    // step of the run that is furthest (read in one evaluate: both runs are drawn in the same frame)
    const axes = () =>
      page.evaluate(() => ({
        heat: Array.from(document.querySelectorAll<HTMLElement>('.heatmap'), (e) => e.dataset.stepRange),
        charts: Array.from(document.querySelectorAll<HTMLElement>('.run .chart'), (e) => e.dataset.xRange),
      }));
    // (a run whose worker has logged no step yet draws the shared axis too; wait for one frame of both)
    const shared = (a: { heat: (string | undefined)[]; charts: (string | undefined)[] }) =>
      a.heat.length === 2 && /^0,\d+$/.test(a.heat[0] ?? '') && a.heat[1] === a.heat[0];
    await expect.poll(async () => shared(await axes()), { timeout: 10_000 }).toBe(true);
    const running = await axes();
    expect(running.heat).toHaveLength(2);
    expect(running.heat[0]).toMatch(/^0,\d+$/);
    expect(running.heat[1]).toBe(running.heat[0]);
    expect(running.charts).toHaveLength(4);
    expect(new Set(running.charts).size).toBe(1);
    expect(running.charts[0]).toMatch(/^0,\d+$/);
    // at the pick's step limit both runs stop at the same step, and every snapshot view says so
    const end = await bothAtLimit(page);
    expect(end.step).toBe(1000);
    expect(end.stepB).toBe(1000);
    const stepsShown = (selector: string) =>
      page
        .locator(selector)
        .evaluateAll((els) =>
          els.map((e) => (e as HTMLElement).dataset.step ?? (e as HTMLElement).dataset.lastStep),
        );
    await expect.poll(() => stepsShown('.run .boundary')).toEqual(['1000', '1000']);
    await expect.poll(() => stepsShown('.run .network')).toEqual(['1000', '1000']);
    await expect.poll(() => stepsShown('.run .diagnosis .at-step')).toEqual(['1000', '1000']);
    await expect.poll(() => stepsShown('.run .heatmap')).toEqual(['1000', '1000']);
    // the per-layer values come from the last logged step: the same one in both runs
    const bars = await stepsShown('.run .layer-bars .at-step');
    expect(bars[0]).toMatch(/^\d+$/);
    expect(bars[1]).toBe(bars[0]);
    for (const text of await page.locator('.run .boundary figcaption').allTextContents())
      expect(text).toContain('at step 1000');
    for (const text of await page.locator('.run .diagnosis .at-step').allTextContents())
      expect(text).toBe('at step 1000');
    expect(await axes()).toEqual({ heat: ['0,1000', '0,1000'], charts: Array(4).fill('0,1000') });
    // neither run is behind the other: no "this run's columns end at step …" under either heatmap
    expect(
      await page.locator('.heat-behind').evaluateAll((els) => els.map((e) => (e as HTMLElement).hidden)),
    ).toEqual([true, true]);
    // a diff that does not validate is refused and the link keeps the last good one
    await page.fill('#compare-diff', 'l2=-1');
    await page.press('#compare-diff', 'Enter');
    await expect.poll(() => page.textContent('#message')).toContain('l2: expected a number ≥ 0, got "-1"');
    expect(new URL(page.url()).searchParams.get('compare')).toBe('activation=relu&init=he-normal');
    expect(await page.inputValue('#compare-diff')).toBe('activation=relu&init=he-normal');
    await screenshot(page, 'lab-compare-sigmoid-vs-relu');
  });

  it('exports the run as train --json JSON and the model as safetensors', async () => {
    await page.goto(`${server.url}${stateToSearch({ ...DEFAULT_STATE, clipNorm: 0.05 })}`);
    await expect.poll(async () => (await stats(page)).step, { timeout: 10_000 }).toBeGreaterThan(20);
    await expect.poll(() => page.getAttribute('[data-testid=clip]', 'data-state')).toBe('clipping');
    await page.getByRole('button', { name: 'Pause' }).click();
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export run (JSON)' }).click(),
    ]);
    const doc = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(doc.config.hidden).toEqual([8, 8]);
    expect(doc.config.clipNorm).toBe(0.05);
    expect(doc.steps).toBeGreaterThan(0);
    expect(doc.history.length).toBeGreaterThan(0);
    expect(doc.history[0]).toHaveProperty('gradNorm');
    expect(doc.layers).toHaveLength(3);
    expect(doc.clipping.clippedSteps).toBeGreaterThan(0);
    expect(doc.diagnosis).toHaveProperty('verdict');
    const [model] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export model (.safetensors)' }).click(),
    ]);
    const bytes = readFileSync((await model.path())!);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
    expect(header['layers.0.weight'].shape).toEqual([8, 2]);
    expect(header['layers.2.weight'].shape).toEqual([1, 8]);
    await screenshot(page, 'lab-clipping-paused');
  });
});
