import { UsageError } from '../../core/errors.js';
import type { CommandIO } from './types.js';

export function runDiagnose(_argv: readonly string[], _io: CommandIO): number {
  throw new UsageError('gradscope diagnose', 'a built command', 'not built yet');
}
