// Experiment results → report.html: one page per experiment, or one index page for `all`.

import type { ExperimentResult } from '../index.js';
import { type ReportSection, renderPage } from './page.js';

function section(r: ExperimentResult): ReportSection {
  return {
    id: r.name,
    title: `${r.name}: ${r.title}`,
    intro: [`The notes: ${r.claim}`],
    findings: r.findings,
    tables: r.tables,
    charts: r.charts,
  };
}

const footer = (seed: number, seconds: number): string =>
  `gradscope experiments, seed ${seed}, computed in ${seconds.toFixed(1)} s. Reproduce with gradscope experiment <name> --seed ${seed}.`;

export function experimentPage(r: ExperimentResult, seconds: number): string {
  return renderPage(`gradscope experiment ${r.name}`, [section(r)], footer(r.seed, seconds));
}

/** The index's first section: one row per experiment with its headline finding. */
function summary(results: readonly ExperimentResult[]): ReportSection {
  return {
    id: 'summary',
    title: 'At a glance',
    tables: [
      {
        title: 'Each experiment and its first finding (details in its section below)',
        columns: ['experiment', 'checks', 'first finding'],
        rows: results.map((r) => [r.name, r.title, r.findings[0] ?? '']),
      },
    ],
    charts: [],
  };
}

export function indexPage(results: readonly ExperimentResult[], seconds: number): string {
  const seed = results[0]?.seed ?? 0;
  return renderPage(
    'gradscope: the notes, measured',
    [summary(results), ...results.map(section)],
    footer(seed, seconds),
  );
}
