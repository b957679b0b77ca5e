// The one door to zod: every schema of the run document is built with this `z`.
// NOTE: zod 4 compiles object parsers with `new Function` unless told not to, and decides so when a
// schema is constructed. The lab runs under a CSP without 'unsafe-eval', so jitless is set here,
// before any schema exists, as part of computing the exported binding (a bundler cannot drop it).

import { z as zod } from 'zod';

function jitless(): typeof zod {
  zod.config({ jitless: true });
  return zod;
}

export const z = jitless();

/** The types that go with it (type-only, so they need no configuring). */
export type { core, input, output, ZodType } from 'zod';
