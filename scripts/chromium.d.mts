// Types of scripts/chromium.mjs (the Chromium path and flags the browser tests and bench/lab.js share).

export declare const CHROMIUM: string;
export declare const CHROMIUM_FLAGS: readonly string[];
