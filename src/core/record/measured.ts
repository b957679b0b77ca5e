// The leaves of the run document. A measured number (a loss, a norm, a ratio, a probe value) is any
// number in memory, NaN or ±Inf included; JSON.stringify writes those as null, so in a file it is a
// number or null, and null reads back as NaN. Counts, steps and indices are integers ≥ 0.

import { z } from './zod.js';

const NUMBER_OR_NULL = 'a number or null';

/** In JSON a number or null (non-finite); parsed, a number (NaN for null). */
export const measured = z
  .number({ error: NUMBER_OR_NULL })
  .nullable()
  .transform((v) => v ?? Number.NaN)
  .meta({ id: 'Measured', description: 'a measured number; null where it was NaN or ±Inf' });

/** A number, or null when it was not measured (or was non-finite: JSON cannot tell them apart). */
export const measuredOrNull = z
  .number({ error: NUMBER_OR_NULL })
  .nullable()
  .meta({ id: 'MeasuredOrNull', description: 'a measured number; null where not measured, or NaN or ±Inf' });

const COUNT = 'an integer ≥ 0';

/** Steps, sizes, indices. */
export const count = z
  .int({ error: COUNT })
  .min(0, { error: COUNT })
  .meta({ id: 'Count', description: 'a count, step or index' });

export const countOrNull = z
  .int({ error: `${COUNT} or null` })
  .min(0, { error: `${COUNT} or null` })
  .nullable();

/** A setting or a constant: always finite, so never null. */
export const number = z.number({ error: 'a number' });
export const numberOrNull = z.number({ error: NUMBER_OR_NULL }).nullable();
export const text = z.string({ error: 'a string' });
export const flag = z.boolean({ error: 'true or false' });

/** One of a fixed list of names; the error lists them. */
export function oneOf<const T extends readonly string[]>(names: T) {
  return z.enum(names, { error: `one of ${names.join(', ')}` });
}

/** A measured number as a reader may hold it: parsed (NaN) or raw JSON (null). */
export type Measured = number | null;
