import { defineConfig } from 'vitest/config';

// Two groups: the unit and CLI tests first, in parallel; then the browser tests (real Chromium), one file
// at a time, so that their frame-rate, layout and console checks never share the 2 cores with each other
// or with the CPU-bound tests.
const BROWSER = ['test/**/*.browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...BROWSER],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: BROWSER,
          fileParallelism: false,
          // under load a page takes seconds to show a change: expect.poll's default 1 s is too short
          expect: { poll: { timeout: 20_000, interval: 100 } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
