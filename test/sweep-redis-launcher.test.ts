// The one redis-server launcher (scripts/redis-server.mjs, used by bench/sweep.js and the tests) starts
// the server .ci/run starts, flag for flag; with requirepass the README's URL form redis://:PASSWORD@host
// works and a wrong password is one line; and a running agent listens on no socket at all (it is a
// Redis client only).

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_FLAGS, type RedisServer, startRedisServer } from '../scripts/redis-server.mjs';
import { gradscopeAsync, tempDir } from './helpers/cli.js';
import { uniquePrefix } from './helpers/redis.js';
import { start, until, writeSweep } from './helpers/sweep.js';

const PASSWORD = 'p@ss:w/rd with space';
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer({ password: PASSWORD });
});
afterAll(async () => {
  await server?.stop();
});

/** the words of .ci/run's redis-server command line, its quotes and line continuations undone */
function ciRedisArgs(): string[] {
  const text = readFileSync(join(import.meta.dirname, '..', '.ci', 'run'), 'utf8');
  const line = text.slice(text.indexOf('\nredis-server ') + 1).replace(/\\\n\s*/g, ' ');
  const command = line.slice(0, line.indexOf(' ||'));
  return [...command.matchAll(/'([^']*)'|"[^"]*"|(\S+)/g)].slice(1).map((m) => m[1] ?? m[0]);
}

/** flag → value pairs of an argument list */
const pairs = (args: readonly string[]): Record<string, string> =>
  Object.fromEntries(args.flatMap((a, i) => (a.startsWith('--') ? [[a, args[i + 1] ?? '']] : [])));

describe('the redis-server launcher', () => {
  it(".ci/run starts redis-server with the launcher's flags (and only its own daemon extras)", () => {
    const ci = pairs(ciRedisArgs());
    const ours = pairs(REDIS_FLAGS);
    for (const [flag, value] of Object.entries(ours)) expect([flag, ci[flag]]).toEqual([flag, value]);
    const extras = Object.keys(ci).filter((f) => !(f in ours));
    expect(extras.sort()).toEqual(['--daemonize', '--dir', '--logfile', '--pidfile', '--port']);
  });

  it('serves on 127.0.0.1 only, without persistence, noeviction, and with the password it was given', async () => {
    expect(server.url).toBe(`redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}`);
    // without the password: refused (a raw PING, so no client library retries or hides it)
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(String(d));
      });
      socket.once('error', reject);
    });
    expect(reply).toMatch(/^-NOAUTH /);
    const r = new Redis(server.url, { maxRetriesPerRequest: 0 });
    expect(await r.ping()).toBe('PONG');
    expect(await r.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    expect(await r.config('GET', 'save')).toEqual(['save', '']);
    expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    expect(await r.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    r.disconnect();
  });
});

/** inodes of the sockets in LISTEN state (TCP over IPv4 and IPv6) */
function listeningInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6'])
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A') inodes.add(f[9]!); // st 0A = LISTEN
    }
  return inodes;
}

/** inodes of the sockets process `pid` holds */
function socketInodes(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir)
    .map((fd) => {
      try {
        return readlinkSync(join(dir, fd));
      } catch {
        return '';
      }
    })
    .flatMap((l) => /^socket:\[(\d+)\]$/.exec(l)?.slice(1) ?? []);
}

describe('a password in the Redis URL (requirepass)', () => {
  it('sweep create, agent and status work with redis://:PASSWORD@host:port; the agent listens on nothing', async () => {
    const dir = tempDir('gradscope-sweep-pass-');
    const file = writeSweep(
      dir,
      `name: pass
method: grid
metric: { name: final.val.loss }
base: { data: circle, samples: 40, hidden: [4], steps: 5 }
parameters: { lr: { values: [0.01, 0.1] } }
`,
    );
    const flags = ['--redis', server.url, '--prefix', uniquePrefix()];
    const created = await gradscopeAsync(['sweep', 'create', file, ...flags]);
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    const agent = start(['agent', ...flags, '--concurrency', '1']);
    try {
      await until('the agent to pull trials', () => agent.stderr().includes('pulling trials'));
      const sockets = socketInodes(agent.pid);
      expect(sockets.length).toBeGreaterThan(0); // its Redis connections
      const listening = listeningInodes();
      expect(sockets.filter((s) => listening.has(s))).toEqual([]);
      await until(
        'both trials',
        () =>
          agent
            .stdout()
            .split('\n')
            .filter((l) => l.startsWith('trial ')).length === 2,
      );
    } finally {
      agent.kill('SIGTERM');
      await agent.done;
    }
    // the parent job completes a moment after its last trial (the agent's second worker takes it)
    let status = await gradscopeAsync(['sweep', 'status', id, ...flags]);
    for (let i = 0; i < 40 && !status.stdout.includes('(finished)'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = await gradscopeAsync(['sweep', 'status', id, ...flags]);
    }
    expect(status.stdout).toBe(`sweep pass (${id}): 2 trials: 2 done, 0 lost, 0 to go (finished)\n`);
  }, 120_000);

  it('a wrong password is one line naming --redis, the password masked, exit 2', async () => {
    const wrong = server.url.replace(/:[^:@/]+@/, ':not-it@');
    const r = await gradscopeAsync(['sweep', 'status', 'x', '--redis', wrong]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `gradscope: --redis: expected a reachable Redis server, got "redis://:***@127.0.0.1:${server.port} (WRONGPASS invalid username-password pair or user is disabled.)"\n`,
    );
  });
});
