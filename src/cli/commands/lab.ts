// `gradscope lab`: serve the built web lab and print its URL. Training runs in the browser (a Web
// Worker over the same core); this process only serves files, until SIGINT or SIGTERM.

import { existsSync } from 'node:fs';
import { type AddressInfo, isIP } from 'node:net';
import { join } from 'node:path';
import { parseNumber, UsageError } from '../../index.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { exposureWarning } from '../lab-policy.js';
import { LAB_ROOT, type LabServer, startLabServer } from '../server.js';
import type { CommandIO } from './types.js';

export const LAB_USAGE = 'usage: gradscope lab [--port N] [--host H]';

export const LAB_FLAGS: FlagTable = {
  '--port': { key: 'port', help: 'TCP port, 0 picks a free one', default: '0' },
  '--host': {
    key: 'host',
    help: 'interface to listen on (only this one; warns unless loopback)',
    default: '127.0.0.1',
  },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function parseHost(value: string): string {
  const host = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(host) === 0 && !HOSTNAME.test(host)) {
    throw new UsageError('--host', 'an IPv4 or IPv6 address or a host name', value);
  }
  return host;
}

export interface LabOptions {
  readonly host: string;
  readonly port: number;
}

export function parseLabArgs(argv: readonly string[]): LabOptions | 'help' {
  const { values, positional } = parseArgs('lab', argv, LAB_FLAGS);
  if (values.help) return 'help';
  if (positional.length > 0) throw new UsageError('gradscope lab', 'no positional arguments', positional[0]);
  const port = parseNumber('--port', String(values.port ?? '0'), { integer: true, min: 0, max: 65535 });
  const host = parseHost(String(values.host ?? '127.0.0.1'));
  return { host, port };
}

async function listen(opts: LabOptions): Promise<LabServer> {
  try {
    return await startLabServer(opts);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError('--port', 'a free port this user may bind', `${opts.port} (${code})`);
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new UsageError('--host', 'an address of this machine', `${opts.host} (${code})`);
    }
    throw err;
  }
}

export async function runLab(argv: readonly string[], io: CommandIO): Promise<number> {
  const opts = parseLabArgs(argv);
  if (opts === 'help') {
    io.stdout(formatHelp(LAB_USAGE, LAB_FLAGS));
    return 0;
  }
  if (!existsSync(join(LAB_ROOT, 'index.html'))) {
    throw new UsageError(
      'gradscope lab',
      `the built app in ${LAB_ROOT} (run npm run build)`,
      'no index.html',
    );
  }
  const server = await listen(opts);
  const { address } = server.server.address() as AddressInfo;
  const warning = exposureWarning(opts.host, address, server.port, LAB_ROOT);
  if (warning) io.stderr(`${warning}\n`);
  io.stdout(`gradscope lab: serving ${server.url}  (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
