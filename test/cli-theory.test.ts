// The theory beside the measurements, through the built CLI: the settings it speaks in (saved and
// reloaded), the predicted factor per layer in train and diagnose, the findings quoting it, and one line
// where it does not apply or a setting is bad.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradscope, tempDir } from './helpers/cli.js';

const BASE = ['train', '--data', 'gauss', '--activation', 'tanh', '--steps', '0'];

describe('gradscope train and diagnose with the mean-field prediction', () => {
  it('saves --init variance-scaling and --bias-init normal: and diagnose re-reads them with the prediction', () => {
    const dir = tempDir();
    const r = gradscope([
      ...BASE,
      '--width',
      '200',
      '--depth',
      '6',
      '--init',
      'variance-scaling:1',
      '--bias-init',
      'normal:0.2236',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    // χ₁ of tanh at σ_w² = 1, σ_b² = 0.05 (= 0.2236²) is 0.7590 (Schoenholz et al. 2017)
    expect(r.stdout).toContain('χ₁ = 0.759 → ordered');
    expect(r.stdout).toMatch(/signalRatio\s+theory √χ/);
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(saved.config.init).toBe('variance-scaling:1');
    expect(saved.config.biasInit).toBe('normal:0.2236');
    const d = gradscope(['diagnose', dir]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('χ₁ = 0.759 → ordered');
    expect(d.stdout).toMatch(/signalRatio measured \/ predicted: 0: [\d.]+ \/ 0\.87/);
  });

  it('the run report overlays the predicted factor on the measured one, or says the theory does not apply', () => {
    const dir = tempDir();
    expect(
      gradscope([...BASE, '--width', '120', '--depth', '5', '--init', 'lecun-normal', '--out', dir]).code,
    ).toBe(0);
    expect(gradscope(['report', dir]).code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('the mean-field prediction √χ (dashed)');
    // lecun-normal with zero biases: σ_w² = 1, σ_b² = 0, the critical point of tanh
    expect(html).toContain('theory √χ₁ = 1.000 (critical)');
    expect(html).toContain('ξ_c = ∞ layers');
    const norm = tempDir();
    expect(gradscope([...BASE, '--width', '8', '--depth', '2', '--norm', 'layer', '--out', norm]).code).toBe(
      0,
    );
    expect(gradscope(['report', norm]).code).toBe(0);
    expect(readFileSync(join(norm, 'report.html'), 'utf8')).toContain(
      'Mean-field theory does not apply to this network: LayerNorm',
    );
  });

  it('the vanishing finding of a deep ordered tanh net quotes χ₁ and ξ_c', () => {
    const r = gradscope([
      ...BASE,
      '--depth',
      '40',
      '--width',
      '64',
      '--init',
      'variance-scaling:1',
      '--bias-init',
      'normal:0.2236',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).diagnosis.findings.find((x: { code: string }) => x.code === 'vanishing');
    expect(f.explanation).toContain(
      'theory: χ₁ = 0.76 (ordered), ξ_c = 3.6 layers; this net has 40, ≈ 11 ξ_c',
    );
    expect(f.evidence.theoryChi1).toBeCloseTo(0.759, 3);
  });

  it('says the theory does not apply to LayerNorm, residual or dropout nets instead of printing numbers', () => {
    for (const extra of [['--norm', 'layer'], ['--residual'], ['--dropout', '0.1']]) {
      const r = gradscope([...BASE, '--depth', '3', '--width', '16', ...extra]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('theory (mean field): does not apply:');
      expect(r.stdout).not.toContain('theory √χ');
    }
  });

  it('refuses bad theory settings in one line, exit 2', () => {
    for (const [flag, value] of [
      ['--init', 'variance-scaling:-1'],
      ['--bias-init', 'normal:-1'],
      ['--residual-branch', '3'],
      ['--residual-scale', '-0.5'],
    ] as const) {
      const t = gradscope(['train', '--data', 'xor', '--steps', '0', flag, value]);
      expect(t.code).toBe(2);
      expect(t.stderr.trim().split('\n')).toHaveLength(1);
      expect(t.stderr).toContain(`gradscope: ${flag}: expected`);
    }
  });
});
