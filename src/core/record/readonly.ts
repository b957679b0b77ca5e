// The run document's TS types are the schemas' parsed types, read-only all the way down: a document
// is data to read; producers build fresh objects, which such a type accepts.

import type { output, ZodType } from './zod.js';

export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** The type a schema parses into, read-only. */
export type Data<S extends ZodType> = DeepReadonly<output<S>>;
