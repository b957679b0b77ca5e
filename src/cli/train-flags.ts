// The `gradscope train` flags: one per setting (src/core/settings/table.ts), then the few that only the
// CLI has. Help lines are the settings' help without the README's backticks.

import { SETTINGS } from '../index.js';
import type { FlagSpec, FlagTable } from './args.js';

export interface CliFlag {
  readonly flag: `--${string}`;
  readonly key: string;
  readonly boolean?: boolean;
  /** how the README names its value, e.g. DIR for `--out DIR` */
  readonly value?: string;
  /** README wording (backticks for code) */
  readonly help: string;
  /** false: --help is in `train --help`, not in the README's table */
  readonly documented?: boolean;
}

/** The flags of `train` that are not settings: what to start from, where to write, how to print. */
export const CLI_FLAGS: readonly CliFlag[] = [
  {
    flag: '--init-from',
    key: 'initFrom',
    help: 'start from the weights in a `.safetensors` file (gradscope’s, or a PyTorch `nn.Sequential` state_dict: give `--activation`) or a TF.js `model.json` (each shape is checked)',
  },
  {
    flag: '--init-from-partial',
    key: 'initFromPartial',
    help: 'start from the tensors of a `.safetensors` file that the model has, ignore the rest (stderr lists both)',
  },
  {
    flag: '--out',
    key: 'out',
    value: 'DIR',
    help: 'write `config.json` first, `metrics.jsonl` as the run goes, `summary.json` and `model.safetensors` at the end (each atomically)',
  },
  {
    flag: '--checkpoint-every',
    key: 'checkpointEvery',
    value: 'k',
    help: 'with `--out`: write `checkpoint.safetensors` (weights, optimizer, random streams, data order, history) every k steps and at the end',
  },
  {
    flag: '--resume',
    key: 'resume',
    value: 'DIR',
    help: 'continue the run in DIR from its checkpoint, bit-identically (only `--steps`, `--checkpoint-every` and `--json` may be given)',
  },
  {
    flag: '--json',
    key: 'json',
    boolean: true,
    help: 'print one JSON document on stdout; progress goes to stderr',
  },
  { flag: '--help', key: 'help', boolean: true, help: 'show this help', documented: false },
];

/** Markdown to terminal text: `--lr` → --lr. */
export const plain = (text: string): string => text.replaceAll('`', '');

function spec(key: string, help: string, boolean: boolean, defaultText: string): FlagSpec {
  return {
    key,
    help: plain(help),
    ...(boolean ? { boolean: true } : {}),
    ...(defaultText === '' ? {} : { default: plain(defaultText) }),
  };
}

export const TRAIN_FLAGS: FlagTable = Object.fromEntries([
  ...SETTINGS.map((s) => [s.flag, spec(s.key, s.help, s.rule.kind === 'bool', s.defaultText)]),
  ...CLI_FLAGS.map((f) => [f.flag, spec(f.key, f.help, f.boolean === true, '')]),
]);
