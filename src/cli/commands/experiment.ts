import { UsageError } from '../../core/errors.js';
import type { CommandIO } from './types.js';

export function runExperiment(_argv: readonly string[], _io: CommandIO): number {
  throw new UsageError('gradscope experiment', 'a built command', 'not built yet');
}
