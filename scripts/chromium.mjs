// Debian's Chromium and the flags this machine needs (no network, no GPU, no first-run work): one list
// for the browser tests (test/helpers/browser.ts) and the lab benchmark (bench/lab.js).

export const CHROMIUM = process.env.GRADSCOPE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
