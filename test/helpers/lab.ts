// The lab in a test: the built app served by the lab server in real Chromium, and the few reads every lab
// browser test makes (the page's stats and settings, a run that settled at its limit, axe-core, sideways
// scroll). Waits are conditions with generous timeouts: the machine is shared and browser tests run
// under load.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type LabServer, startLabServer } from '../../src/cli/server.js';
import { type BrowserSession, openBrowser, type Page } from './browser.js';

export const APP = resolve(import.meta.dirname, '../../dist/lab');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** What window.gradscopeLab.stats() returns (lab/src/main.ts). */
export interface LabStats {
  step: number;
  stepsPerSec: number;
  /** when the shown step was read, in the worker's clock (ms since the epoch) */
  stepAt: number;
  viewFps: number;
  frameFps: number;
  verdict: string;
  verdictStep: number | null;
  playing: boolean;
  runIdA: number;
  stepB: number | null;
  atLimit: boolean;
  /** Compare: whether run B stopped at its limit (null alone) */
  atLimitB: boolean | null;
  limit: number | null;
}

export interface Lab {
  readonly server: LabServer;
  readonly session: BrowserSession;
  readonly page: Page;
  close(): Promise<void>;
}

/** Serve the built lab, open Chromium at `viewport` and, with `query`, load the page and wait for its API. */
export async function openLab(viewport: { width: number; height: number }, query?: string): Promise<Lab> {
  if (!existsSync(join(APP, 'index.html'))) throw new Error(`the lab is not built: no ${APP}/index.html`);
  const server = await startLabServer({ root: APP, host: '127.0.0.1', port: 0 });
  const session = await openBrowser(viewport);
  if (query !== undefined) await gotoLab(session.page, server, query);
  return {
    server,
    session,
    page: session.page,
    async close() {
      await session.close();
      await server.close();
    },
  };
}

/**
 * One lab for a test file (or a describe block): opened at `viewport` (and `query`) before its tests,
 * closed after them. Call it at the top level or in a describe body; read the lab inside the tests.
 */
export function useLab(viewport: { width: number; height: number }, query?: string): Omit<Lab, 'close'> {
  let lab: Lab | null = null;
  beforeAll(async () => {
    lab = await openLab(viewport, query);
  });
  afterAll(async () => {
    await lab?.close();
  });
  const open = (): Lab => {
    if (!lab) throw new Error('useLab: the lab opens in beforeAll; read it inside a test');
    return lab;
  };
  // NOTE: a test file names `page` once, before beforeAll has opened one: it forwards to the real page,
  // its methods bound to it
  const page = new Proxy({} as Page, {
    get(_target, key) {
      const real = open().page;
      const value: unknown = Reflect.get(real, key, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
  return {
    get server() {
      return open().server;
    },
    get session() {
      return open().session;
    },
    page,
  };
}

/** Load the lab at `query` (e.g. '?speed=max') and wait until its API is there. */
export async function gotoLab(page: Page, server: LabServer, query = ''): Promise<void> {
  await page.goto(`${server.url}${query}`);
  await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
}

export const stats = (page: Page): Promise<LabStats> =>
  page.evaluate(() => (window as unknown as { gradscopeLab: { stats(): LabStats } }).gradscopeLab.stats());

/** The settings of the run that is going (null before the first is accepted). */
export const labState = <T = Record<string, unknown>>(page: Page): Promise<T | null> =>
  page.evaluate(() => (window as unknown as { gradscopeLab: { state(): T | null } }).gradscopeLab.state());

/**
 * Wait for the run to stop (at its limit, or at a NaN/Inf) with the verdict of its last step: a run newer
 * than `after`, or, with `sameRun`, the same run past step `sameRun.step` (a raised step limit).
 */
export async function settled(
  page: Page,
  after: number,
  sameRun: { step: number } | null = null,
  timeout = 120_000,
): Promise<LabStats> {
  await expect
    .poll(
      async () => {
        const s = await stats(page);
        const moved = sameRun ? s.runIdA === after && s.step > sameRun.step : s.runIdA > after;
        return moved && !s.playing && s.step > 0 && s.verdictStep === s.step;
      },
      { timeout, interval: 200 },
    )
    .toBe(true);
  return stats(page);
}

/** Wait for both runs of Compare to stop at their step limit; the stats then. */
export async function bothAtLimit(page: Page, timeout = 120_000): Promise<LabStats> {
  await expect
    .poll(
      async () => {
        const s = await stats(page);
        return s.atLimit && s.atLimitB === true;
      },
      { timeout, interval: 250 },
    )
    .toBe(true);
  return stats(page);
}

/** axe-core's violations on the page as "rule: target" lines (empty when there are none). */
export async function axeViolations(page: Page): Promise<string[]> {
  // NOTE: the lab's CSP forbids inline scripts; an evaluate through the debugging protocol is not one
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document);
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

/** How many CSS px the page is wider than the viewport (≤ 0: no sideways scroll). */
export const sideways = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * Resize the viewport and wait until the page has laid itself out at the new size: the window reports
 * it, and two animation frames have run (resize observers and the views' redraws come in between).
 */
export async function resize(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.waitForFunction((w) => window.innerWidth === w, size.width, { timeout: 20_000 });
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}
