// A network read from another framework's file (a TF.js layers model, a PyTorch state_dict): the settings
// it fixes and its tensors under gradscope's names, ready for loadTensorsIntoModel.

import type { NormKind } from '../layers/optional.js';
import type { LoadableTensor } from './weights.js';

export interface ImportedNet {
  /** what the file says about the architecture; activation is absent where the format cannot store it */
  readonly settings: {
    readonly hidden: readonly number[];
    readonly activation?: string;
    readonly norm: NormKind;
    readonly dropout?: number;
  };
  readonly inputDim: number;
  readonly outputDim: number;
  /** layers.<i>.weight (out, in), layers.<i>.bias, norms.<i>.weight/bias/running_mean/running_var */
  readonly tensors: Readonly<Record<string, LoadableTensor>>;
}

/** The norm kind every hidden block has, or the first block that differs. */
export function commonNorm(kinds: readonly NormKind[]): { norm: NormKind } | { differs: number } {
  const norm = kinds[0] ?? 'none';
  const differs = kinds.findIndex((k) => k !== norm);
  return differs < 0 ? { norm } : { differs };
}
