// The lab server: files only from the app folder, the right MIME types, only the host it was given,
// the security headers on every response, and only to a request whose Host names this server.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, exposureWarning, hostAllowed, isLoopback } from '../src/cli/lab-policy.js';
import { type LabServer, resolveRequestPath, startLabServer } from '../src/cli/server.js';
import { CLI, gradscope, tempDir } from './helpers/cli.js';

interface Reply {
  status: number;
  type: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** GET with the request target sent byte for byte (no URL normalization); `headers` may forge Host. */
function get(
  port: number,
  path: string,
  host = '127.0.0.1',
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body,
          headers: res.headers,
        }),
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

  it('sends the CSP, frame, referrer and nosniff headers with files and with refusals', async () => {
    for (const path of ['/', '/assets/worker.js', '/assets/k.wasm', '/missing.js', '/../secret.txt']) {
      const { headers } = await get(server.port, path);
      expect(headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
      expect(headers['referrer-policy'], path).toBe('no-referrer');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['cross-origin-resource-policy'], path).toBe('same-origin');
    }
    const directives = CONTENT_SECURITY_POLICY.split('; ');
    expect(directives).toContain("default-src 'self'");
    expect(directives).toContain("frame-ancestors 'none'");
    expect(directives).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
  });

  it.each(['localhost', '127.0.0.1', '[::1]'])('answers Host %s with the server port', async (name) => {
    const r = await get(server.port, '/', '127.0.0.1', { host: `${name}:${server.port}` });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/html/);
  });

  it.each([
    ['a rebinding domain', (p: number) => `evil.example:${p}`],
    ['a domain ending in localhost', (p: number) => `localhost.evil.example:${p}`],
    ['localhost on another port', (p: number) => `localhost:${p + 1}`],
    ['127.0.0.1 without the port', () => '127.0.0.1'],
    ['another address', (p: number) => `192.0.2.7:${p}`],
    ['userinfo', (p: number) => `evil.example@127.0.0.1:${p}`],
  ])('refuses Host as %s with 403 and one short line, and serves no file', async (_, host) => {
    const r = await get(server.port, '/', '127.0.0.1', { host: host(server.port) });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('<title>');
    expect(r.body.trim().split('\n')).toHaveLength(1);
    expect(r.body).toContain(`127.0.0.1:${server.port}`);
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    ['an HTTP/1.0 request without Host', 'GET / HTTP/1.0\r\n\r\n'],
    ['an empty Host', 'GET / HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n'],
    [
      'two Host headers',
      'GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    ],
  ])('refuses %s and serves no file', async (_, text) => {
    const raw = await new Promise<string>((ok, fail) => {
      const s: Socket = connect({ host: '127.0.0.1', port: server.port }, () => s.write(text));
      let reply = '';
      s.on('data', (c: Buffer) => {
        reply += c.toString();
      });
      s.on('end', () => ok(reply));
      s.on('error', fail);
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] (400|403) /);
    expect(raw).not.toContain('<title>');
  });

  it('hostAllowed: the bound name with its port, loopback names, and IP literals only on a wildcard bind', () => {
    expect(hostAllowed('LocalHost:8080', '127.0.0.1', 8080)).toBe(true);
    expect(hostAllowed('lab.internal:8080', 'lab.internal', 8080)).toBe(true);
    expect(hostAllowed('[fd00::2]:8080', 'fd00::2', 8080)).toBe(true);
    expect(hostAllowed('localhost', '127.0.0.1', 80)).toBe(true);
    expect(hostAllowed('192.0.2.2:8080', '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed('192.0.2.2:8080', '0.0.0.0', 8080)).toBe(true);
    expect(hostAllowed('[fd00::2]:8080', '::', 8080)).toBe(true);
    expect(hostAllowed('evil.example:8080', '0.0.0.0', 8080)).toBe(false);
    expect(hostAllowed(undefined, '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed('localhost:80', '127.0.0.1', 8080)).toBe(false);
  });

  it('exposureWarning says what is exposed to whom, and nothing on loopback', () => {
    for (const a of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(a), a).toBe(true);
      expect(exposureWarning(a, a, 8080, '/srv/lab')).toBeNull();
    }
    expect(exposureWarning('0.0.0.0', '0.0.0.0', 8080, '/srv/lab')).toBe(
      "gradscope: warning: --host 0.0.0.0 is not a loopback address: the lab's files (/srv/lab) are served to every machine that can reach this machine on port 8080 (0.0.0.0 is every interface)",
    );
    expect(exposureWarning('lab.internal', '192.0.2.2', 8080, '/srv/lab')).toContain(
      'every machine that can reach 192.0.2.2:8080',
    );
    expect(exposureWarning('fd00::2', 'fd00::2', 8080, '/srv/lab')).toContain('[fd00::2]:8080');
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
    let err = '';
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
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
    expect(err).toBe(''); // loopback: no warning
    const exited = new Promise<number | null>((ok) => child!.once('exit', ok));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    child = undefined;
  });

  it('warns on stderr that --host 0.0.0.0 serves the lab files to every machine, and refuses a foreign Host', async () => {
    const lab = spawn(process.execPath, [CLI, 'lab', '--host', '0.0.0.0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = lab;
    let err = '';
    lab.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const port = await new Promise<number>((ok, fail) => {
      let out = '';
      lab.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/0\.0\.0\.0:(\d+)\//.exec(out);
        if (m) ok(Number(m[1]));
      });
      lab.once('exit', (code) => fail(new Error(`lab exited ${code}`)));
    });
    expect(err).toBe(
      `gradscope: warning: --host 0.0.0.0 is not a loopback address: the lab's files (${join(dirname(CLI), '../lab/')}) are served to every machine that can reach this machine on port ${port} (0.0.0.0 is every interface)\n`,
    );
    expect((await get(port, '/', '127.0.0.1', { host: `localhost:${port}` })).status).toBe(200);
    expect((await get(port, '/', '127.0.0.1', { host: `evil.example:${port}` })).status).toBe(403);
    const exited = new Promise<number | null>((ok) => lab.once('exit', ok));
    lab.kill('SIGINT');
    expect(await exited).toBe(0);
    child = undefined;
  });

  it.each([
    [['--port', '70000'], '--port: expected an integer ≥ 0 and ≤ 65535, got "70000"'],
    [['--port', '1.5'], '--port'],
    [['--host', 'not a host'], '--host: expected an IPv4 or IPv6 address or a host name'],
    [['--colour'], 'gradscope: --colour: expected a flag of gradscope lab among --port --host --help'],
    [
      ['--hots', 'x'],
      'gradscope: --hots: expected a flag of gradscope lab (did you mean --host?), got "--hots"',
    ],
  ])('rejects %j with exit 2 and one line', (args, message) => {
    const r = gradscope(['lab', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
