// The lab's layout as a new user meets it, measured in real headless Chromium: at 390 px (a phone) the
// network's input names render at a readable size (their font size times the SVG's scale) and Training
// (Play, Step, Reset) is in the first screen and a half; at 1280 px the desktop keeps Training above the
// settings beside the run, and in Compare each run's gradient heatmap uses its column's width while the
// heatmap, the boundary and the verdict stay in the first screen. At both widths every Speed choice shows
// whole.

import { describe, expect, it } from 'vitest';
import type { Page } from './helpers/browser.js';
import { gotoLab, resize, sideways, stats, useLab } from './helpers/lab.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 720 };
/** the smallest text the review calls readable, in CSS px */
const READABLE_PX = 11;

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}

/** Every input name of the network view: its font size as drawn (CSS font size × the SVG's scale) and its box. */
async function inputLabels(page: Page): Promise<{ rendered: number; height: number }[]> {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('.network svg')!;
    // the SVG's user units per CSS px of its content box (the border is outside the viewBox)
    const scale = svg.clientWidth / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll<SVGTextElement>('g.unit.input text')].map((t) => ({
      rendered: Number.parseFloat(getComputedStyle(t).fontSize) * scale,
      height: t.getBoundingClientRect().height,
    }));
  });
}

/** The page box (document coordinates, not the viewport's) of the first element `selector` finds. */
async function pageBox(page: Page, selector: string): Promise<Box> {
  const box = await page.evaluate((sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return {
      left: r.left + scrollX,
      top: r.top + scrollY,
      right: r.right + scrollX,
      bottom: r.bottom + scrollY,
      width: r.width,
      height: r.height,
    };
  }, selector);
  if (!box) throw new Error(`pageBox: no element matches ${selector}`);
  return box;
}

/** the fieldset that holds Play, Step and Reset */
const TRAINING = 'fieldset:has(#play)';

/**
 * The Speed select's inner width against its longest choice's text in its own font: a select shows its
 * chosen text left of a drop-down arrow (Chromium's is ~20 px), so the text is whole when
 * width ≥ text + ARROW_PX.
 */
const ARROW_PX = 16;
const speedFit = (page: Page): Promise<{ width: number; text: number }> =>
  page.evaluate(() => {
    const select = document.querySelector<HTMLSelectElement>('#speed')!;
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = getComputedStyle(select).font;
    const text = Math.max(...[...select.options].map((o) => ctx.measureText(o.text).width));
    return { width: select.clientWidth, text };
  });

const lab = useLab(PHONE);
const { page } = lab;

async function networkDrawn(query: string): Promise<void> {
  await gotoLab(page, lab.server, query);
  await expect
    .poll(() => page.locator('.network g.unit.input text').count(), { timeout: 20_000 })
    .toBeGreaterThan(0);
}

describe('the lab layout at a phone width and a desktop width', () => {
  it('at 390 px the input names render at 11 px or more and Training sits within 1.5 screen heights', async () => {
    await resize(page, PHONE);
    await networkDrawn('?speed=10');
    // the SVG redraws at its column's width on the next frames: poll, the old drawing may be up for a frame
    await expect
      .poll(async () => Math.min(...(await inputLabels(page)).map((l) => l.rendered)), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(READABLE_PX);
    for (const label of await inputLabels(page)) expect(label.height).toBeGreaterThanOrEqual(READABLE_PX);
    const training = await pageBox(page, TRAINING);
    expect(training.bottom).toBeLessThanOrEqual(1.5 * PHONE.height);
    // and above the run it drives
    expect(training.bottom).toBeLessThanOrEqual((await pageBox(page, '.run')).top);
    // every Speed choice shows whole ("1 epoch / frame (60 / s)" was cut at "(60 / s")
    const phoneSpeed = await speedFit(page);
    expect(phoneSpeed.width).toBeGreaterThanOrEqual(phoneSpeed.text + ARROW_PX);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(lab.session.errors).toEqual([]);
  });

  it('at 1280 px Training heads the left column above the settings, the run beside both', async () => {
    await resize(page, DESKTOP);
    await networkDrawn('?speed=10');
    const training = await pageBox(page, TRAINING);
    const settings = await pageBox(page, 'aside');
    const run = await pageBox(page, '.run');
    expect(training.right).toBeLessThanOrEqual(run.left);
    expect(Math.abs(training.top - run.top)).toBeLessThanOrEqual(2);
    expect(settings.top).toBeGreaterThanOrEqual(training.bottom);
    expect(settings.top - training.bottom).toBeLessThanOrEqual(24);
    const speed = await speedFit(page);
    expect(speed.width).toBeGreaterThanOrEqual(speed.text + ARROW_PX);
    // and the select stays inside Training
    expect((await pageBox(page, '#speed')).right).toBeLessThanOrEqual(training.right);
    // the network is drawn wider than its coordinate box: the names are their 12 px font or larger
    for (const label of await inputLabels(page)) expect(label.rendered).toBeGreaterThanOrEqual(12);
    // the first screen of one run: the heatmap beside the boundary, as before
    const boundary = await pageBox(page, '.boundary canvas');
    const heat = await pageBox(page, '.heatmap canvas');
    expect(heat.left).toBeGreaterThan(boundary.right);
    expect(heat.width).toBeGreaterThanOrEqual(300);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  it('in Compare at 1280 px each heatmap is 300 px or wider inside its run; heatmap, boundary and verdict fit the first screen', async () => {
    await resize(page, DESKTOP);
    await gotoLab(page, lab.server, '?speed=10');
    await page.getByRole('button', { name: 'sigmoid vs ReLU + He (depth 20)' }).click();
    await expect.poll(() => page.locator('.run').count()).toBe(2);
    const heatWidths = (): Promise<number[]> =>
      page
        .locator('.run .heatmap canvas')
        .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
    await expect
      .poll(async () => Math.min(...(await heatWidths())), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(300);
    // each run's verdict comes with its first diagnosis
    await expect.poll(() => page.locator('.run [data-testid=verdict]').count(), { timeout: 20_000 }).toBe(2);
    await page.evaluate(() => scrollTo(0, 0));
    const runs = await page.locator('.run').evaluateAll((els) =>
      els.map((run) => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right, bottom: r.bottom };
        };
        const part = (sel: string) => box(run.querySelector(sel)!);
        return {
          run: box(run),
          heat: part('.heatmap canvas'),
          boundary: part('.boundary canvas'),
          verdict: part('[data-testid=verdict]'),
        };
      }),
    );
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      expect(r.heat.left).toBeGreaterThanOrEqual(r.run.left);
      expect(r.heat.right).toBeLessThanOrEqual(r.run.right);
    }
    // run A: the first screen holds its heatmap, its boundary and its verdict
    const a = runs[0]!;
    for (const part of [a.heat, a.boundary, a.verdict])
      expect(part.bottom).toBeLessThanOrEqual(DESKTOP.height);
    // whichever run falls behind the other gets "this run's columns end at step …" under its heatmap; the note
    // must not push that run's boundary down (CI once caught run A behind, its boundary 24 px lower, off screen)
    // measured from the heatmap's canvas, which sits above the note's row and the boundary: a redraw above the
    // heatmap (a verdict's diagnosis arriving after the pause) moves both and is not what is checked here
    const boundaryTops = () =>
      page
        .locator('.run')
        .evaluateAll((els) =>
          els.map(
            (run) =>
              run.querySelector('.boundary canvas')!.getBoundingClientRect().top -
              run.querySelector('.heatmap canvas')!.getBoundingClientRect().bottom,
          ),
        );
    // pause, so that no redraw rewrites the note before it is measured
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await stats(page)).playing).toBe(false);
    const before = await boundaryTops();
    await page.locator('.heat-behind').evaluateAll((els) => {
      for (const e of els) {
        (e as HTMLElement).hidden = false;
        e.textContent = "this run's columns end at step 1000";
      }
    });
    const after = await boundaryTops();
    expect(after).toEqual(before);
    expect(lab.session.errors).toEqual([]);
  });
});
