// A Redis for the sweep tests: CI's (GRADSCOPE_REDIS_URL, set by .ci/run; unreachable = the test fails),
// or, when it is unset, a redis-server of our own on 127.0.0.1 and a free port, without persistence,
// stopped afterwards. Either way the tests connect as an ACL user with a password (so the password in
// the URL is exercised) and use their own queue prefix (so tests never share jobs).

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface TestRedis {
  /** redis://user:password@host:port */
  readonly url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function ping(url: string, tries: number): Promise<void> {
  for (let i = 0; ; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      return;
    } catch (err) {
      r.disconnect();
      if (i >= tries) throw new Error(`Redis at ${url} is unreachable: ${(err as Error).message}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

export async function startTestRedis(): Promise<TestRedis> {
  let server: ChildProcess | null = null;
  let base = process.env.GRADSCOPE_REDIS_URL;
  if (!base) {
    const port = await freePort();
    server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    base = `redis://127.0.0.1:${port}`;
  }
  await ping(base, server ? 50 : 0);
  const user = `gradscope-test-${process.pid}`;
  const password = `pw-${process.pid}-${Date.now()}`;
  const admin = new Redis(base, { maxRetriesPerRequest: 1 });
  await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all');
  admin.disconnect();
  const u = new URL(base);
  u.username = user;
  u.password = password;
  return {
    url: u.toString().replace(/\/$/, ''),
    async stop() {
      const a = new Redis(base, { maxRetriesPerRequest: 1 });
      await a.call('ACL', 'DELUSER', user).catch(() => undefined);
      a.disconnect();
      server?.kill('SIGTERM');
    },
  };
}

/** A queue prefix no other test uses. */
export const uniquePrefix = (): string => `gstest${process.pid}x${Math.floor(Math.random() * 1e9)}`;
