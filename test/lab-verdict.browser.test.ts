// One verdict: for every preset, the verdict the lab displays equals `gradscope diagnose` on the run the
// lab exports at that moment, in real headless Chromium against the built lab and the built CLI.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../lab/src/presets.js';
import { type Lab, type LabStats, openLab, stats } from './helpers/lab.js';

const CLI = resolve(import.meta.dirname, '../dist/cli/main.js');
/** steps each preset runs before it is paused and compared (a diverging preset stops by itself) */
const STEPS = 300;

/** `gradscope diagnose DIR --json` on a directory holding the exported document as summary.json. */
function cliVerdict(json: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradscope-lab-export-'));
  writeFileSync(join(dir, 'summary.json'), json);
  const out = execFileSync(process.execPath, [CLI, 'diagnose', dir, '--json'], { encoding: 'utf8' });
  const { verdict } = JSON.parse(out) as { verdict: string | string[] };
  return Array.isArray(verdict) ? verdict.join(',') : verdict;
}

describe('the lab shows the verdict gradscope diagnose gives on its export', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await openLab({ width: 1400, height: 1000 }, '');
    // the default run is up and stepping: the first preset's click is then the only new run
    await lab.page.waitForFunction(
      () => (window as unknown as { gradscopeLab: { stats(): LabStats } }).gradscopeLab.stats().step > 0,
      undefined,
      { timeout: 30_000 },
    );
  });
  afterAll(async () => {
    await lab?.close();
  });

  it.each(PRESETS.map((p) => [p.id]))('preset %s', async (id) => {
    const page = lab.page;
    const before = (await stats(page)).runIdA;
    await page.click(`[data-preset="${id}"]`);
    await expect
      .poll(
        async () => {
          const s = await stats(page);
          return s.runIdA > before && (s.step >= STEPS || (!s.playing && s.step > 0));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    if ((await stats(page)).playing) await page.getByRole('button', { name: 'Pause' }).click();
    // the page shows the diagnosis of the step it stopped at
    await expect
      .poll(
        async () => {
          const s = await stats(page);
          return `${s.playing} ${s.step} ${s.verdictStep} ${s.verdict !== ''}`;
        },
        { timeout: 10_000 },
      )
      .toMatch(/^false (\d+) \1 true$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export run (JSON)' }).click(),
    ]);
    // NOTE: the worker answers in order (its last update after the pause, then the export), so what the
    // page shows once the export arrived is the paused run's final state
    const shown = await stats(page);
    const json = readFileSync((await download.path())!, 'utf8');
    const doc = JSON.parse(json) as { steps: number };
    expect([shown.step, shown.verdictStep]).toEqual([doc.steps, doc.steps]);
    expect(shown.verdict).toBe(cliVerdict(json));
    expect(lab.session.errors).toEqual([]);
  });
});
