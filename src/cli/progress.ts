// A one-line progress bar on stderr (only when stderr is a terminal; stdout stays clean for --json).

import type { CommandIO } from './commands/types.js';

export interface ProgressBar {
  update(fraction: number, label: string): void;
  done(): void;
}

const WIDTH = 28;

export function progressBar(io: CommandIO, title: string): ProgressBar {
  let shown = false;
  let last = -1;
  return {
    update(fraction, label) {
      if (!io.isTTY) return;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
      const pct = Math.round(fraction * 100);
      if (pct === last && shown) return;
      last = pct;
      shown = true;
      io.progress(
        `${title} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(pct).padStart(3)}%  ${label}`,
      );
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}
