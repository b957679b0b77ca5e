// Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, with the flags this
// machine needs (no network, no GPU) and a fresh profile per launch.

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium.mjs';

export { CHROMIUM };
export const ARTIFACTS = resolve(import.meta.dirname, '../../artifacts');

export interface BrowserSession {
  readonly browser: BrowserContext;
  readonly page: Page;
  /** console errors and uncaught page errors seen so far */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Launch Chromium with a fresh --user-data-dir and one page that records console errors. */
export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'gradscope-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { browser: context, page, errors, close: () => context.close() };
}

/** Save a screenshot under artifacts/ and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export type { Browser, Page };
