import { UsageError } from '../../src/core/errors.js';

/** The UsageError that `f` throws; fails the test if it throws nothing or something else. */
export function usageError(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}
