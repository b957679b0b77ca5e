import { UsageError } from '../../core/errors.js';
import type { CommandIO } from './types.js';

export function runReport(_argv: readonly string[], _io: CommandIO): number {
  throw new UsageError('gradscope report', 'a built command', 'not built yet');
}
