// One way to start a throwaway redis-server, shared by bench/sweep.js and test/helpers/redis.ts (.ci/run,
// being bash, starts its own with the same REDIS_FLAGS; test/sweep-redis-launcher.test.ts holds it to
// them): 127.0.0.1 on a free port, no persistence, `maxmemory-policy noeviction` (BullMQ refuses to run
// with eviction), its working directory a fresh temporary one. `password` sets requirepass.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The flags every gradscope redis-server gets (besides --port and --dir). */
export const REDIS_FLAGS = Object.freeze([
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
  '--maxmemory-policy',
  'noeviction',
]);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** true once something on 127.0.0.1:port answers PING like Redis (+PONG, or -NOAUTH with a password) */
function answers(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(/^(\+PONG|-NOAUTH)/.test(String(d))));
  });
}

/**
 * Start redis-server; resolves once it answers (within `timeoutMs`), with its URL (the password in it)
 * and stop(), which ends it and removes its directory.
 * @param {{ password?: string, timeoutMs?: number }} [opts]
 */
export async function startRedisServer(opts = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-redis-'));
  const args = ['--port', String(port), ...REDIS_FLAGS, '--dir', dir];
  if (opts.password !== undefined) args.push('--requirepass', opts.password);
  const server = spawn('redis-server', args, { stdio: 'ignore' });
  let exited = null;
  server.once('exit', (code, signal) => {
    exited = `redis-server exited (${signal ?? `code ${code}`})`;
  });
  server.once('error', (err) => {
    exited = `redis-server did not start (${err.message})`;
  });
  const stop = () =>
    new Promise((resolve) => {
      const clean = () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (exited !== null || server.exitCode !== null) return clean();
      server.once('exit', clean);
      server.kill('SIGTERM');
    });
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`${exited} on port ${port}`);
    }
    if (await answers(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on port ${port} did not answer in ${opts.timeoutMs ?? 10_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const auth = opts.password === undefined ? '' : `:${encodeURIComponent(opts.password)}@`;
  return { url: `redis://${auth}127.0.0.1:${port}`, port, pid: server.pid, stop };
}
