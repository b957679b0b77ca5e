// uPlot's JS and CSS, read from the installed package when a report is written, so the page needs no
// network. uplot is a runtime dependency for exactly this reason.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Assets {
  readonly js: string;
  readonly css: string;
}

let cached: Assets | null = null;

export function uplotAssets(): Assets {
  cached ??= {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return cached;
}
