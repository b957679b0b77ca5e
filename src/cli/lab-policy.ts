// What the lab server sends with every response and which requests it answers: a strict
// Content-Security-Policy and its companions, and a Host check against DNS rebinding (a page on
// evil.example whose name is re-pointed at 127.0.0.1 would otherwise read the lab as same-origin).

import { isIP } from 'node:net';

/**
 * Only what the built app (dist/lab) uses: its own scripts, module worker and stylesheet; WebAssembly
 * compiled from bytes in the worker ('wasm-unsafe-eval', not 'unsafe-eval': zod runs jitless, see
 * src/core/record/zod.ts); the `data:,` favicon. Exports are Blob URLs opened by an <a download>, a
 * download rather than a fetch, so no directive governs them. Element styles are set through the CSSOM
 * (`el.style.width = …`), which style-src does not restrict, so no 'unsafe-inline'.
 * NOTE: src/web/wasm-threads.ts spawns GEMM workers from Blob URLs, which needs `worker-src blob:` and a
 * cross-origin isolated page (COOP + COEP); the lab does not use threads, so neither is sent.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** An IP address as a URL host: IPv6 in brackets. */
export const urlHost = (address: string): string => (address.includes(':') ? `[${address}]` : address);

const isWildcard = (address: string): boolean => address === '0.0.0.0' || address === '::';

/** `name[:port]`, `[v6][:port]` → the name (lower case, brackets kept) and port; null if malformed. */
export function splitHostHeader(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * A browser sends the name it connected to: the bound address or a loopback name, with the server's port
 * (none for port 80). Bound to every interface (0.0.0.0, ::), any IP literal is accepted: a rebinding
 * page always sends its own domain name, never an address.
 */
export function hostAllowed(header: string | undefined, bound: string, port: number): boolean {
  const h = header === undefined ? null : splitHostHeader(header);
  if (!h || (h.port ?? 80) !== port) return false;
  if (LOOPBACK_NAMES.includes(h.name)) return true;
  if (isWildcard(bound)) return isIP(h.name.replace(/^\[|\]$/g, '')) !== 0;
  return h.name === urlHost(bound).toLowerCase();
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped form: only this machine can connect. */
export function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  return address === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/** The stderr line for a server on `host` (bound to `address`) that other machines reach; null on loopback. */
export function exposureWarning(host: string, address: string, port: number, root: string): string | null {
  if (isLoopback(address)) return null;
  const where = isWildcard(address)
    ? `this machine on port ${port} (${address} is every interface)`
    : `${urlHost(address)}:${port}`;
  return `gradscope: warning: --host ${host} is not a loopback address: the lab's files (${root}) are served to every machine that can reach ${where}`;
}
