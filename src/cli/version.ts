// The version of this gradscope, from its package.json: two levels up from both src/cli (tests) and
// dist/cli (the built CLI, and an installed package). Read as text, so no JSON import attribute is needed.

import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}
