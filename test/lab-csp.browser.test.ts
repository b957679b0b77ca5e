// The built lab under the lab server's Content-Security-Policy, in headless Chromium: it loads, compiles
// its WebAssembly in the worker, trains and exports, and neither the page nor the worker reports a
// violation. NOTE: a blocked WebAssembly.compile is silent in the app (selectKernels falls back to the
// JS kernels and training goes on), so the worker is asked directly.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/cli/lab-policy.js';
import { type LabServer, startLabServer } from '../src/cli/server.js';
import { type BrowserSession, openBrowser, type Page } from './helpers/browser.js';

const APP = resolve(import.meta.dirname, '../dist/lab');

type Scope = { cspViolations: string[] };

const step = (page: Page): Promise<number> =>
  page.evaluate(
    () => (window as unknown as { gradscopeLab: { stats(): { step: number } } }).gradscopeLab.stats().step,
  );
const read = (): string[] => (globalThis as unknown as Scope).cspViolations;
const violations = (target: Page | Worker): Promise<string[]> =>
  'workers' in target ? target.evaluate(read) : target.evaluate(read);

/** Record every securitypolicyviolation of this global scope (the page's document, or a worker). */
function listen(): void {
  const scope = globalThis as unknown as Scope & EventTarget;
  scope.cspViolations = [];
  const target: EventTarget = typeof document === 'undefined' ? scope : document;
  target.addEventListener('securitypolicyviolation', (e) => {
    const v = e as SecurityPolicyViolationEvent;
    scope.cspViolations.push(`${v.effectiveDirective} blocked ${v.blockedURI || 'inline'}`);
  });
}

describe('web lab under its Content-Security-Policy (headless Chromium)', () => {
  let server: LabServer;
  let session: BrowserSession;

  beforeAll(async () => {
    if (!existsSync(join(APP, 'index.html'))) {
      throw new Error(`the lab is not built: no ${APP}/index.html (run the lab build first)`);
    }
    server = await startLabServer({ root: APP, host: '127.0.0.1', port: 0 });
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('loads, compiles WebAssembly in its worker, trains and exports with no CSP violation or console error', async () => {
    const { page } = session;
    await page.addInitScript(listen);
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await page.waitForFunction(() => (window as unknown as { gradscopeLab?: unknown }).gradscopeLab);
    await expect.poll(() => page.workers().length).toBeGreaterThan(0);
    const worker = page.workers()[0]!;
    await worker.evaluate(listen);

    // each run compiles its own WASM module (an arena of its size): Reset makes the worker compile again
    await page.click('#reset');
    await expect.poll(() => step(page), { timeout: 10_000 }).toBeGreaterThan(20);
    const before = await step(page);
    await expect.poll(() => step(page), { timeout: 10_000 }).toBeGreaterThan(before);
    const compiled = await worker.evaluate(async () => {
      try {
        await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
        return 'compiled';
      } catch (err) {
        return String(err);
      }
    });
    expect(compiled).toBe('compiled');

    await page.getByRole('button', { name: 'Pause' }).click();
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export run (JSON)' }).click(),
    ]);
    const doc = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(doc.steps).toBeGreaterThan(0);
    expect(doc.history.length).toBeGreaterThan(0);
    const [model] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export model (.safetensors)' }).click(),
    ]);
    const bytes = readFileSync((await model.path())!);
    expect(Number(bytes.readBigUInt64LE(0))).toBeGreaterThan(0);

    expect(await violations(page)).toEqual([]);
    expect(await violations(worker)).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
