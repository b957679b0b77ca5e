// --init-from FILE (strict: the file holds exactly the model's tensors) and --init-from-partial FILE
// (the tensors the model has, the rest ignored, both listed on stderr).

import { loadSafetensorsIntoModel, type Model, shortList, UsageError } from '../index.js';
import type { CommandIO } from './commands/types.js';
import { readBytes } from './io.js';

export function initWeights(
  model: Model,
  flags: { readonly initFrom: unknown; readonly initFromPartial: unknown },
  io: CommandIO,
): void {
  const { initFrom, initFromPartial } = flags;
  if (typeof initFrom === 'string' && typeof initFromPartial === 'string') {
    throw new UsageError(
      '--init-from-partial',
      'either --init-from or --init-from-partial, not both',
      `--init-from ${initFrom} --init-from-partial ${initFromPartial}`,
    );
  }
  if (typeof initFrom === 'string') {
    loadSafetensorsIntoModel(model, readBytes('--init-from', initFrom, 'safetensors file'), initFrom);
  }
  if (typeof initFromPartial === 'string') {
    const bytes = readBytes('--init-from-partial', initFromPartial, 'safetensors file');
    const r = loadSafetensorsIntoModel(model, bytes, initFromPartial, { partial: true });
    const list = (names: readonly string[]): string => (names.length === 0 ? '' : ` (${shortList(names)})`);
    io.stderr(
      `--init-from-partial: loaded ${r.loaded.length} tensors${list(r.loaded)}; ` +
        `ignored ${r.ignored.length} not in this model${list(r.ignored.map((n) => JSON.stringify(n)))}; ` +
        `kept ${r.missing.length} as initialized${list(r.missing)}\n`,
    );
  }
}
