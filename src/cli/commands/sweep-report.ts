// `gradscope sweep report DIR [--heatmap X,Y]`: DIR/report.html for a sweep store, and each
// trial with a run document as a run directory of its own (DIR/trials/N: config.json, summary.json and
// its report.html), so `gradscope report` and `gradscope diagnose` read a trial as they read any run.

import { join } from 'node:path';
import { diagnose, RUN_FORMAT_VERSION, UsageError } from '../../index.js';
import { openStore } from '../../node/sweep/store.js';
import { runReportPage } from '../../report/run-page.js';
import { type SweepPageTrial, sweepReportPage } from '../../report/sweep-page.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { writeFilesAtomically } from '../run-files.js';
import { oneDir } from './sweep-read.js';
import type { CommandIO } from './types.js';

export const SWEEP_REPORT_FLAGS: FlagTable = {
  '--heatmap': { key: 'heatmap', help: 'the heatmap parameters X,Y', default: 'the first two that vary' },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

export function runSweepReport(argv: readonly string[], io: CommandIO): number {
  const { values, positional } = parseArgs('sweep report', argv, SWEEP_REPORT_FLAGS);
  if (values.help) {
    io.stdout(formatHelp('usage: gradscope sweep report DIR [--heatmap X,Y]', SWEEP_REPORT_FLAGS));
    return 0;
  }
  const dir = oneDir('report', positional);
  const store = openStore('gradscope sweep report', dir);
  try {
    const def = store.definition;
    let pair: [string, string] | undefined;
    if (typeof values.heatmap === 'string') {
      const keys = values.heatmap.split(',');
      const known = Object.keys(def.parameters);
      if (keys.length !== 2 || keys[0] === keys[1] || !keys.every((k) => known.includes(k)))
        throw new UsageError(
          '--heatmap',
          `two of the sweep's parameters X,Y (${known.join(', ')})`,
          values.heatmap,
        );
      pair = [keys[0]!, keys[1]!];
    }
    const trials: SweepPageTrial[] = store.trials().map((t) => {
      const doc = store.document(t.index);
      let link: string | null = null;
      if (doc) {
        const run = join(dir, 'trials', String(t.index));
        const config = { version: RUN_FORMAT_VERSION, config: doc.config, plan: doc.plan };
        writeFilesAtomically('gradscope sweep report', run, {
          'config.json': `${JSON.stringify(config, null, 2)}\n`,
          'summary.json': `${JSON.stringify(doc)}\n`,
          'report.html': runReportPage(
            doc,
            doc.diagnosis ?? diagnose(doc),
            `${store.definition.name} trial ${t.index}`,
          ),
        });
        link = `trials/${t.index}/report.html`;
      }
      return {
        index: t.index,
        params: t.params,
        status: t.status,
        metric: t.metric,
        trainLoss: t.final?.train.loss ?? null,
        valLoss: t.final?.val?.loss ?? null,
        valAccuracy: t.final?.val?.accuracy ?? null,
        error: t.error,
        link,
      };
    });
    const html = sweepReportPage(def, trials, { source: dir, ...(pair ? { heatmap: pair } : {}) });
    writeFilesAtomically('gradscope sweep report', dir, { 'report.html': html });
    io.stdout(
      `report: ${join(dir, 'report.html')} (and trials/N/report.html for ${trials.filter((t) => t.link).length} trials)\n`,
    );
  } finally {
    store.close();
  }
  return 0;
}
