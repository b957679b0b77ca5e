// A static file server for the built web lab (dist/lab). It holds no math: it maps a URL path to a file
// inside one folder, refuses every path that would leave it, and sends it with the right MIME type,
// the security headers of lab-policy.ts, and only to a request whose Host names this server. Under /data/
// it serves the named data sets' installed files, and only those (data-route.ts).

import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_PREFIX, type DataDirs, resolveDataPath } from './data-route.js';
import { hostAllowed, SECURITY_HEADERS, urlHost } from './lab-policy.js';

/** dist/lab, beside dist/cli where this file is built to. */
export const LAB_ROOT = fileURLToPath(new URL('../lab/', import.meta.url));

// NOTE: module workers are refused by browsers unless served as JavaScript, and
// WebAssembly.instantiateStreaming requires application/wasm.
export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

export type Resolved = { readonly file: string } | { readonly status: 400 | 403 | 404 };

/**
 * Map a request target to a file under root, or to a refusal. The raw target is decoded exactly once;
 * anything that still looks encoded, any backslash, NUL, `.` or `..` segment is refused (403), so
 * `/../x`, `%2e%2e%2f`, `%252e%252e%252f` and `..\x` never reach the file system.
 */
export function resolveRequestPath(root: string, target: string): Resolved {
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  if (!raw.startsWith('/') || raw.includes('\\')) return { status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return { status: 400 };
  }
  if (/[%\\\0]/.test(path)) return { status: 403 };
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403 };
  const base = resolve(root);
  let file = resolve(base, `.${path}`);
  if (file !== base && !file.startsWith(base + sep)) return { status: 403 };
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!statSync(file).isFile()) return { status: 404 };
  } catch {
    return { status: 404 };
  }
  return { file };
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function handle(root: string, host: string, data: DataDirs, req: IncomingMessage, res: ServerResponse): void {
  const { port } = req.socket.address() as AddressInfo;
  if (!hostAllowed(req.headers.host, host, port)) {
    send(res, 403, `forbidden: this server answers to Host ${urlHost(host)}:${port} or localhost:${port}`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'method not allowed');
    return;
  }
  const target = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  if (target.startsWith(DATA_PREFIX)) {
    const d = resolveDataPath(target, data);
    if ('status' in d) send(res, d.status, d.text);
    else sendFile(req, res, d.file, d.type);
    return;
  }
  const r = resolveRequestPath(root, req.url ?? '/');
  if ('status' in r) {
    send(res, r.status, r.status === 404 ? 'not found' : r.status === 403 ? 'forbidden' : 'bad request');
    return;
  }
  sendFile(req, res, r.file, MIME[extname(r.file).toLowerCase()] ?? 'application/octet-stream');
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string): void {
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

export interface LabServer {
  readonly server: Server;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface LabServerOptions {
  readonly root?: string;
  readonly host: string;
  /** 0 picks a free port */
  readonly port: number;
  /** where the /data/ route finds the named data sets (tests point it at their own copies) */
  readonly data?: DataDirs;
}

/** Listen on exactly `host` (never all interfaces) and resolve once the socket is bound. */
export function startLabServer(opts: LabServerOptions): Promise<LabServer> {
  const root = opts.root ?? LAB_ROOT;
  const server = createServer((req, res) => handle(root, opts.host, opts.data ?? {}, req, res));
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => {
      server.off('error', fail);
      const { port } = server.address() as AddressInfo;
      ok({
        server,
        host: opts.host,
        port,
        url: `http://${urlHost(opts.host)}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
