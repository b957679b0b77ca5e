// A run's series as CSV for pandas and R. The tidy form has one measurement a row, (step, layer, metric,
// value): per Dense layer gradNorm and every instrument, and the whole-run series with an empty layer.
// The flat form has one step a row, with PyTorch Lightning's grad_norm keys as columns
// (`grad_2.0_norm/layers.<l>.weight`, `grad_2.0_norm_total`) beside gradscope's own run-level columns.
// Non-finite or unmeasured values are empty cells: pandas reads NaN, R reads NA.

import type { HistoryEntry, LayerInstruments, PartialRunDocument } from '../index.js';

type Cell = number | null | undefined;

const cell = (v: Cell): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/** Whole-run series of one logged step, by column name. */
function runSeries(h: HistoryEntry): [string, Cell][] {
  return [
    ['loss', h.loss],
    ['penalty', h.penalty],
    ['train.loss', h.train?.loss],
    ['train.accuracy', h.train?.accuracy],
    ['val.loss', h.val?.loss],
    ['val.accuracy', h.val?.accuracy],
    ['clipPreNorm', h.clipPreNorm],
    ['clipPostNorm', h.clipPostNorm],
  ];
}

/** `step,layer,metric,value`, one measurement a row. */
export function tidyCsv(doc: PartialRunDocument): string {
  const rows = ['step,layer,metric,value'];
  for (const h of doc.history) {
    for (const [metric, v] of runSeries(h)) if (v !== undefined) rows.push(`${h.step},,${metric},${cell(v)}`);
    h.gradNorm.forEach((g, l) => {
      rows.push(`${h.step},${l},gradNorm,${cell(g)}`);
    });
    for (const inst of h.instruments ?? []) {
      for (const [metric, v] of Object.entries(inst) as [keyof LayerInstruments, Cell][]) {
        if (metric === 'index' || metric === 'gradNorm') continue;
        rows.push(`${h.step},${inst.index},${metric},${cell(v)}`);
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

/**
 * One row per logged step. `grad_2.0_norm/layers.<l>.weight` is ‖∂L/∂W_l‖_F as applied (after clipping,
 * as gradscope logs it); `grad_2.0_norm_total` is the global ‖g‖₂ over every parameter before clipping,
 * which is when Lightning's on_before_optimizer_step measures it.
 */
export function flatCsv(doc: PartialRunDocument): string {
  const L = doc.history[0]?.gradNorm.length ?? 0;
  const layerCols = Array.from({ length: L }, (_, l) => `grad_2.0_norm/layers.${l}.weight`);
  const runCols = doc.history[0] ? runSeries(doc.history[0]).map(([name]) => name) : [];
  const rows = [['step', 'epoch', ...layerCols, 'grad_2.0_norm_total', ...runCols].join(',')];
  for (const h of doc.history) {
    rows.push(
      [
        String(h.step),
        String(h.epoch),
        ...h.gradNorm.map(cell),
        cell(h.clipPreNorm),
        ...runSeries(h).map(([, v]) => cell(v)),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
