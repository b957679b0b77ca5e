// The WASM kernels in a real browser Web Worker (headless Chromium), loaded from the built dist/ with no
// fs and no fetch of a .wasm file: on one thread, and on two inside a cross-origin isolated page.

import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowser } from '../../../../test/helpers/browser.js';

const DIST = resolve(import.meta.dirname, '../../../../dist');
// NOTE: localhost counts as a secure context, which cross-origin isolation (SharedArrayBuffer) needs;
// every request is answered by the route below, nothing listens on the port.
const ORIGIN = 'http://localhost:9';

// A module worker: one NN product of odd shape against a naive float64 loop.
const WORKER = `
import { createWasmKernels } from './dist/core/kernels/wasm/index.js';
import { spawnWebWorker } from './dist/web/wasm-threads.js';
self.onmessage = async ({ data: threads }) => {
  try {
    const k = await createWasmKernels({
      memoryBytes: 16 << 20,
      ...(threads ? { threads: { spawn: spawnWebWorker, minFlops: 0 } } : {}),
    });
    const M = 37, N = 29, K = 41;
    const a = k.alloc('float32', M * K), b = k.alloc('float32', K * N), c = k.alloc('float32', M * N);
    for (let i = 0; i < a.length; i++) a[i] = Math.sin(i);
    for (let i = 0; i < b.length; i++) b[i] = Math.cos(i);
    k.gemmNN(c, a, b, M, N, K, false);
    let err = 0;
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) s += a[i * K + p] * b[p * N + j];
      err = Math.max(err, Math.abs(c[i * N + j] - s));
    }
    self.postMessage({ name: k.name, threads: k.threads, owns: k.owns(c), err });
    k.close();
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' };

let s: BrowserSession;
beforeAll(async () => {
  if (!existsSync(join(DIST, 'web/wasm-threads.js')))
    throw new Error(`${DIST} is missing: run npm run build`);
  s = await openBrowser();
  await s.browser.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Content-Type': TYPES[extname(path)] ?? 'text/plain',
    };
    if (path === '/' || path === '/index.html') return route.fulfill({ headers, body: '<p>kernels</p>' });
    if (path === '/kernels-worker.js') return route.fulfill({ headers, body: WORKER });
    const file = join(DIST, path.replace(/^\/dist\//, ''));
    if (!path.startsWith('/dist/') || !existsSync(file)) return route.fulfill({ status: 404, body: path });
    return route.fulfill({ headers, body: readFileSync(file) });
  });
  await s.page.goto(`${ORIGIN}/index.html`);
});
afterAll(() => s?.close());

const runInWorker = (threads: boolean) =>
  s.page.evaluate(
    (t) =>
      new Promise((done) => {
        const w = new Worker('/kernels-worker.js', { type: 'module' });
        w.onmessage = (e) => done(e.data);
        w.onerror = (e) => done({ error: e.message });
        w.postMessage(t);
      }),
    threads,
  );

describe('wasm kernels in a browser Web Worker', () => {
  it('load from the embedded bytes and compute an odd-shaped GEMM on one thread', async () => {
    const r = (await runInWorker(false)) as { name: string; threads: number; err: number };
    expect(r).toEqual({ name: 'wasm-simd', threads: 1, owns: true, err: expect.any(Number) });
    expect(r.err).toBeLessThan(1e-4);
  });

  it('split a GEMM across two Web Workers in a cross-origin isolated page', async () => {
    expect(await s.page.evaluate(() => crossOriginIsolated)).toBe(true);
    const r = (await runInWorker(true)) as { name: string; threads: number; err: number };
    expect(r).toEqual({ name: 'wasm-simd-2t', threads: 2, owns: true, err: expect.any(Number) });
    expect(r.err).toBeLessThan(1e-4);
  });
});
