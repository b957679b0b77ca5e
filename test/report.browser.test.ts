// Reports render in real headless Chromium: no console errors, every chart present and drawn (its canvas
// has non-background pixels), one screenshot per report in artifacts/.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowser, screenshot } from './helpers/browser.js';
import { gradscope, tempDir } from './helpers/cli.js';

let session: BrowserSession;

beforeAll(async () => {
  session = await openBrowser();
});
afterAll(async () => {
  await session?.close();
});

interface ChartState {
  readonly kind: string | null;
  readonly rendered: boolean;
  readonly drawn: number;
  readonly inkPixels: number;
}

/** Per chart: whether the script rendered it, how many values it drew, and its coloured pixels. */
async function chartStates(file: string): Promise<ChartState[]> {
  session.errors.length = 0;
  await session.page.goto(`file://${file}`);
  await session.page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('.chart')].every((e) => e.dataset.rendered === '1'),
  );
  return session.page.$$eval('.chart', (els) =>
    els.map((el) => {
      let ink = 0;
      for (const canvas of el.querySelectorAll('canvas')) {
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        // coloured = not transparent and not grey (axes and grid lines are grey)
        for (let i = 0; i < px.length; i += 4) {
          const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
          if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) ink++;
        }
      }
      const e = el as HTMLElement;
      return {
        kind: e.dataset.kind ?? null,
        rendered: e.dataset.rendered === '1',
        drawn: Number(e.dataset.drawn ?? 0),
        inkPixels: ink,
      };
    }),
  );
}

function expectAllDrawn(states: ChartState[], kinds: string[]): void {
  expect(session.errors).toEqual([]);
  expect(states.length).toBeGreaterThan(0);
  for (const s of states) {
    expect(s.rendered).toBe(true);
    expect(s.drawn).toBeGreaterThan(0);
    expect(s.inkPixels).toBeGreaterThan(50);
  }
  for (const k of kinds) expect(states.map((s) => s.kind)).toContain(k);
}

describe('report.html in headless Chromium', () => {
  it('the overfitting experiment report draws its curves and decision-boundary fields', async () => {
    const out = tempDir();
    const r = gradscope(['experiment', 'overfitting', '--out', out], { timeout: 120_000 });
    expect(r.code).toBe(0);
    const states = await chartStates(join(out, 'report.html'));
    expectAllDrawn(states, ['line', 'field']);
    expect(states.filter((s) => s.kind === 'field')).toHaveLength(3);
    await screenshot(session.page, 'experiment-overfitting');
  });

  it('the chain and modes experiment reports draw every chart', async () => {
    for (const name of ['chain', 'modes']) {
      const out = tempDir();
      expect(gradscope(['experiment', name, '--out', out]).code).toBe(0);
      expectAllDrawn(await chartStates(join(out, 'report.html')), ['line']);
      await screenshot(session.page, `experiment-${name}`);
    }
  });

  it('the activations and init reports draw every chart, log axes spanning 1e-34 … 1e22 included', async () => {
    for (const name of ['activations', 'init']) {
      const out = tempDir();
      expect(gradscope(['experiment', name, '--out', out], { timeout: 120_000 }).code).toBe(0);
      expectAllDrawn(await chartStates(join(out, 'report.html')), ['line']);
      await screenshot(session.page, `experiment-${name}`);
    }
  });

  it('gradscope report draws curves, the log-colour heatmap, per-layer bars and clipping', async () => {
    const run = tempDir();
    const train = gradscope([
      'train',
      ...['--data', 'circle', '--depth', '6', '--width', '16', '--activation', 'relu', '--init', 'he-normal'],
      ...['--steps', '60', '--clip-norm', '0.5', '--probe-every', '20', '--log-every', '5', '--out', run],
    ]);
    expect(train.code).toBe(0);
    const rep = gradscope(['report', run]);
    expect(rep.code).toBe(0);
    expect(rep.stdout).toContain('report.html');
    const states = await chartStates(join(run, 'report.html'));
    expectAllDrawn(states, ['line', 'heatmap', 'bars']);
    // the log colour scale is drawn: its ramp fills a band at least 10 px high
    const bar = await session.page.$eval('.colorbar canvas', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
        if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) ink++;
      }
      return { ink, width: c.width };
    });
    expect(bar.ink).toBeGreaterThan(bar.width * 10);
    const text = await session.page.textContent('body');
    expect(text).toContain('Diagnosis');
    expect(text).toContain('Bound check');
    expect(text).toContain('Clipping');
    await screenshot(session.page, 'run-report');
  });
});
