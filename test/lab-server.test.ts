// The lab server: files only from the app folder, the right MIME types, and only the host it was given.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabServer, resolveRequestPath, startLabServer } from '../src/cli/server.js';
import { CLI, gradscope, tempDir } from './helpers/cli.js';

/** GET with the request target sent byte for byte (no URL normalization). */
function get(
  port: number,
  path: string,
  host = '127.0.0.1',
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () =>
        ok({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
}

describe('lab server', () => {
  const outer = tempDir('gradscope-lab-');
  const root = join(outer, 'app');
  let server: LabServer;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>lab</title>');
    writeFileSync(join(root, 'assets', 'worker.js'), 'self.onmessage = () => {};');
    writeFileSync(join(root, 'assets', 'k.wasm'), new Uint8Array([0, 97, 115, 109]));
    writeFileSync(join(outer, 'secret.txt'), 'outside the app');
    server = await startLabServer({ root, host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());

  it('serves index.html at / and module scripts as text/javascript, wasm as application/wasm', async () => {
    const index = await get(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/^text\/html/);
    expect((await get(server.port, '/assets/worker.js')).type).toMatch(/^text\/javascript/);
    expect((await get(server.port, '/assets/k.wasm')).type).toBe('application/wasm');
    expect((await get(server.port, '/index.html?x=1')).status).toBe(200);
    expect((await get(server.port, '/missing.js')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%5c%2e%2e%5csecret.txt',
    '/%00index.html',
  ])('refuses %s without reading outside the app folder', async (path) => {
    const r = await get(server.port, path);
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body).not.toContain('outside the app');
  });

  it('resolveRequestPath keeps every resolved file inside the root', () => {
    expect(resolveRequestPath(root, '/../package.json')).toEqual({ status: 403 });
    expect(resolveRequestPath(root, '/%2e%2e%2fpackage.json')).toEqual({ status: 403 });
    expect(resolveRequestPath(root, '/%252e%252e%252fpackage.json')).toEqual({ status: 403 });
    expect(resolveRequestPath(root, '/%E0%A4%A')).toEqual({ status: 400 });
    expect(resolveRequestPath(root, '/assets/worker.js')).toEqual({
      file: join(root, 'assets', 'worker.js'),
    });
  });

  it('listens only on the host it was given', async () => {
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(await canConnect('127.0.0.1', server.port)).toBe(true);
    // 127.0.0.2 is loopback too on Linux: a server bound to all interfaces would accept it
    expect(await canConnect('127.0.0.2', server.port)).toBe(false);
  });
});

describe('gradscope lab (built CLI)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGINT');
  });

  it('prints the URL of a free port on 127.0.0.1, serves the app and refuses /../package.json', async () => {
    child = spawn(process.execPath, [CLI, 'lab'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) ok(m[0]);
      });
      child!.once('exit', (code) => fail(new Error(`lab exited ${code}`)));
    });
    const port = Number(new URL(url).port);
    expect(port).toBeGreaterThan(0);
    const index = await get(port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('gradscope lab');
    const outside = await get(port, '/../package.json');
    expect(outside.status).toBe(403);
    expect(outside.body).not.toContain('"name"');
    expect((await get(port, '/%2e%2e/package.json')).status).toBe(403);
    const exited = new Promise<number | null>((ok) => child!.once('exit', ok));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    child = undefined;
  });

  it.each([
    [['--port', '70000'], '--port: expected an integer ≥ 0 and ≤ 65535, got "70000"'],
    [['--port', '1.5'], '--port'],
    [['--host', 'not a host'], '--host: expected an IPv4 or IPv6 address or a host name'],
    [['--colour'], 'gradscope lab: expected a flag among'],
  ])('rejects %j with exit 2 and one line', (args, message) => {
    const r = gradscope(['lab', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
