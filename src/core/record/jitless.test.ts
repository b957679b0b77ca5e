// The lab runs under a Content-Security-Policy without 'unsafe-eval': parsing a document must never
// compile code. This file loads the schemas fresh, with the Function constructor replaced by a trap.

import { afterAll, expect, it } from 'vitest';

const original = globalThis.Function;
let compiled = 0;
afterAll(() => {
  globalThis.Function = original;
});

it('parsing a run document never calls the Function constructor (zod is jitless)', async () => {
  globalThis.Function = new Proxy(original, {
    construct(target, args) {
      compiled++;
      return Reflect.construct(target, args);
    },
    apply(target, self, args) {
      compiled++;
      return Reflect.apply(target, self, args);
    },
  });
  const { HistoryEntrySchema } = await import('./index.js');
  const { z } = await import('./zod.js');
  const entry = {
    step: 1,
    epoch: 0,
    loss: 0.5,
    penalty: 0,
    gradNorm: [1, null],
    clipPreNorm: 1,
    clipPostNorm: 1,
    clipped: false,
  };
  for (let i = 0; i < 3; i++) expect(HistoryEntrySchema.parse(entry).gradNorm[1]).toBeNaN();
  expect(compiled).toBe(0);
  expect(z.config().jitless).toBe(true);
});
