import { UsageError } from '../../core/errors.js';
import type { CommandIO } from './types.js';

export function runLab(_argv: readonly string[], _io: CommandIO): number {
  throw new UsageError('gradscope lab', 'a built command', 'not built yet');
}
