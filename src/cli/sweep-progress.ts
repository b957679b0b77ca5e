// A sweep's progress on stderr: trials done of the total, failed ones, the best metric so far and the
// ETA (the remaining trials at this call's mean rate). A bar on a terminal, redrawn at most 5 times a
// second; otherwise a plain line every few seconds.

import type { SweepProgress } from '../node/sweep/index.js';
import type { CommandIO } from './commands/types.js';
import { fmt } from './format.js';
import { formatEta } from './progress.js';

const WIDTH = 28;

export interface SweepProgressLine {
  update(p: SweepProgress): void;
  done(): void;
}

/** `24/60 done  1 failed  best final.val.loss 0.2310 (trial 7)  ETA 12 s` */
export function progressText(p: SweepProgress, metric: string): string {
  const remaining = p.total - p.done;
  const eta = p.ranHere > 0 ? (remaining * p.elapsedMs) / p.ranHere / 1000 : Number.NaN;
  const best = p.best?.metric == null ? '-' : `${fmt(p.best.metric)} (trial ${p.best.index})`;
  return `${p.done}/${p.total} done  ${p.failed} failed  best ${metric} ${best}  ETA ${formatEta(eta)}`;
}

export function sweepProgress(
  io: CommandIO,
  metric: string,
  now = () => performance.now(),
): SweepProgressLine {
  const every = io.isTTY ? 200 : 5000;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update(p) {
      const t = now();
      if (t - last < every || p.done >= p.total) return;
      last = t;
      const text = progressText(p, metric);
      if (io.isTTY) {
        const filled = Math.round((p.done / p.total) * WIDTH);
        const pct = String(Math.floor((p.done / p.total) * 100)).padStart(3);
        io.progress(`sweep [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${pct}%  ${text}`);
        shown = true;
      } else io.stderr(`sweep: ${text}\n`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}
