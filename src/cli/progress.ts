// Progress on stderr (stdout stays clean for --json). On a terminal: one bar, redrawn at most a few times
// a second and cleared before the result is printed. Otherwise (a log file, CI): a plain line now and
// then, so a long run shows it is alive without flooding the log.

import type { CommandIO } from './commands/types.js';

export interface ProgressBar {
  update(fraction: number, label: string): void;
  done(): void;
}

const WIDTH = 28;

const bar = (fraction: number): string => {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
};

export function progressBar(io: CommandIO, title: string): ProgressBar {
  let shown = false;
  let last = -1;
  return {
    update(fraction, label) {
      if (!io.isTTY) return;
      const pct = Math.round(fraction * 100);
      if (pct === last && shown) return;
      last = pct;
      shown = true;
      io.progress(`${title} ${bar(fraction)} ${String(pct).padStart(3)}%  ${label}`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

export interface TrainProgress {
  /** after step `step` of the run (of `total`), with the loss logged there */
  update(step: number, loss: string): void;
  /** clear the bar; call it before printing anything else */
  done(): void;
}

export interface TrainProgressOptions {
  /** milliseconds, monotonic (default performance.now) */
  readonly now?: () => number;
  /** a terminal's bar is redrawn at most this often (ms) */
  readonly redrawMs?: number;
  /** without a terminal, a plain line at most this often (ms) */
  readonly plainMs?: number;
}

/** `1:05`, `12 s`, `-` while there is no rate yet. */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const formatRate = (perSecond: number): string =>
  !Number.isFinite(perSecond)
    ? '-'
    : perSecond >= 100
      ? String(Math.round(perSecond))
      : perSecond.toPrecision(2);

/**
 * `train`'s progress: steps/s is the mean since the first update (steady on a steady run), the ETA the
 * remaining steps at that rate. The last step is never drawn: done() follows it at once.
 */
export function trainProgress(io: CommandIO, total: number, opts: TrainProgressOptions = {}): TrainProgress {
  const now = opts.now ?? (() => performance.now());
  const every = io.isTTY ? (opts.redrawMs ?? 200) : (opts.plainMs ?? 5000);
  let start: { t: number; step: number } | null = null;
  let lastShown = 0;
  let shown = false;
  return {
    update(step, loss) {
      const t = now();
      if (start === null) {
        start = { t, step };
        lastShown = t;
        return;
      }
      if (t - lastShown < every || step >= total) return;
      lastShown = t;
      const rate = t > start.t ? ((step - start.step) * 1000) / (t - start.t) : Number.NaN;
      const eta = rate > 0 ? (total - step) / rate : Number.NaN;
      const stats = `step ${step}/${total}  loss ${loss}  ${formatRate(rate)} steps/s  ETA ${formatEta(eta)}`;
      const pct = Math.floor((step / total) * 100);
      if (io.isTTY) {
        shown = true;
        io.progress(`train ${bar(step / total)} ${String(pct).padStart(3)}%  ${stats}`);
      } else io.stderr(`train: ${pct}%  ${stats}\n`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}
