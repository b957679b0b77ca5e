// A Redis for the sweep tests: CI's (GRADSCOPE_REDIS_URL, set by .ci/run; unreachable = the test fails),
// or, when it is unset, a redis-server of our own on 127.0.0.1 and a free port, without persistence,
// stopped afterwards. Either way the tests connect as an ACL user with a password (so the password in
// the URL is exercised) and use their own queue prefix (so tests never share jobs).

import { Redis } from 'ioredis';
import { startRedisServer } from '../../scripts/redis-server.mjs';

export interface TestRedis {
  /** redis://user:password@host:port */
  readonly url: string;
  stop(): Promise<void>;
}

async function ping(url: string): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new Error(`Redis at ${url} is unreachable: ${(err as Error).message}`);
  } finally {
    r.disconnect();
  }
}

export async function startTestRedis(): Promise<TestRedis> {
  const server = process.env.GRADSCOPE_REDIS_URL ? null : await startRedisServer();
  const base = process.env.GRADSCOPE_REDIS_URL ?? server!.url;
  await ping(base);
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
      await server?.stop();
    },
  };
}

/** A queue prefix no other test uses. */
export const uniquePrefix = (): string => `gstest${process.pid}x${Math.floor(Math.random() * 1e9)}`;
