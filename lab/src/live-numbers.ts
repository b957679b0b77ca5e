// The live numbers under a run's title: train and validation loss (and accuracy) at the last logged step,
// as a small table a reader (and a test) can read.

import type { LatestNumbers } from './protocol.js';

export interface LiveNumbers {
  readonly element: HTMLElement;
  show(n: LatestNumbers | null, regression: boolean): void;
}

/** 4 significant digits; powers of ten outside [1e-3, 1e5) so a loss of 2e7 still reads */
export function lossText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

const pctText = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

export function createLiveNumbers(): LiveNumbers {
  const element = document.createElement('dl');
  element.className = 'live-numbers';
  element.dataset.testid = 'live-numbers';
  const cells = new Map<string, HTMLElement>();
  for (const [key, label] of [
    ['step', 'at step'],
    ['trainLoss', 'train loss'],
    ['valLoss', 'val loss'],
    ['trainAcc', 'train acc'],
    ['valAcc', 'val acc'],
  ] as const) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.dataset.key = key;
    dd.textContent = '–';
    element.append(dt, dd);
    cells.set(key, dd);
  }
  let shown = '';
  return {
    element,
    show(n, regression) {
      const text = {
        step: n ? String(n.step) : '–',
        trainLoss: lossText(n?.trainLoss ?? Number.NaN),
        valLoss: lossText(n?.valLoss ?? Number.NaN),
        trainAcc: regression ? '–' : pctText(n?.trainAcc ?? Number.NaN),
        valAcc: regression ? '–' : pctText(n?.valAcc ?? Number.NaN),
      };
      const key = JSON.stringify(text);
      if (key === shown) return;
      shown = key;
      for (const [k, v] of Object.entries(text)) cells.get(k)!.textContent = v;
    },
  };
}
