// Redis as gradscope reaches it: a redis:// (or rediss://) URL, password included, turned into BullMQ
// connection options, and a reachability check that fails within seconds with one line (the URL shown
// with its password masked) instead of BullMQ's endless reconnecting.

import { Redis } from 'ioredis';
import { UsageError } from '../../../index.js';

/** Queue names under the prefix: the sweeps (flow parents) and their trials (the children). */
export const SWEEPS_QUEUE = 'sweeps';
export const TRIALS_QUEUE = 'trials';
export const DEFAULT_PREFIX = 'gradscope';

export interface RedisTarget {
  /** BullMQ connection options (the URL goes to ioredis as it is) */
  readonly url: string;
  /** the URL as errors and logs show it: the password masked */
  readonly shown: string;
  readonly prefix: string;
}

/** The time a reachability check may take before it gives up (the CLI promises under 10 s). */
export const CONNECT_TIMEOUT_MS = 6000;

export function redisTarget(argument: string, url: string, prefix = DEFAULT_PREFIX): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(argument, 'a Redis URL (redis://[:password@]host[:port][/db])', url);
  }
  const shown = u.password ? url.replace(`:${u.password}@`, ':***@') : url;
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new UsageError(argument, 'a Redis URL (redis://[:password@]host[:port][/db])', shown);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(prefix))
    throw new UsageError('--prefix', 'a queue prefix of letters, digits, _ and - (no colon)', prefix);
  return { url, shown, prefix };
}

/**
 * The Redis clients of one command: each BullMQ object gets its own (BullMQ 6 takes a client instance in
 * an ES module), and close() ends them all once the objects are closed.
 */
export function connections(target: RedisTarget) {
  const clients: Redis[] = [];
  return {
    /** options for one Queue, Worker, FlowProducer or QueueEvents */
    opts() {
      // NOTE: maxRetriesPerRequest null: BullMQ's blocking commands must wait out a reconnect
      const connection = new Redis(target.url, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined); // the BullMQ object reports it
      clients.push(connection);
      return { connection, prefix: target.prefix };
    },
    async close(): Promise<void> {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

export type Connections = ReturnType<typeof connections>;

/** Connect once, with few retries, and give up with one UsageError line. */
export async function checkRedis(argument: string, target: RedisTarget): Promise<void> {
  let last: Error | null = null;
  const probe = new Redis(target.url, {
    lazyConnect: true,
    connectTimeout: 2000,
    // NOTE: ioredis waits this long on disconnect() for a socket to close; a refused one never does, and
    // its default 2 s kept the process alive after the error line
    disconnectTimeout: 100,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => (times > 3 ? null : 300),
  });
  probe.on('error', (err: Error) => {
    last = err;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${CONNECT_TIMEOUT_MS / 1000} s`)),
          CONNECT_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    const reason = ((last ?? err) as Error).message.split('\n')[0]!;
    throw new UsageError(argument, 'a reachable Redis server', `${target.shown} (${reason})`);
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}
