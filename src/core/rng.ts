// Seeded random numbers: the only source of randomness in the core, so a run is reproducible from its seed.
// reference: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), state
// filled from a splitmix32 stream. All arithmetic is 32-bit (`Math.imul`, `>>> 0`), so the integer stream is
// bit-identical in every JavaScript engine.

import { UsageError } from './errors.js';

export interface Rng {
  /** uniform 32-bit unsigned integer */
  uint32(): number;
  /** uniform in [0, 1) with 53 random bits */
  next(): number;
  /** standard normal N(0, 1) */
  normal(): number;
  /** uniform integer in 0..n−1, without modulo bias */
  int(n: number): number;
  /** Fisher–Yates shuffle in place; returns the same array */
  shuffle<A extends MutableList>(array: A): A;
  /**
   * shuffle(order), by `kernel` when given: a twin that takes this stream's four xoshiro words, makes the
   * same draws (see shuffleByWords) and leaves the advanced words in `state`
   */
  shuffleIndices(order: Uint32Array, kernel?: ShuffleKernel): Uint32Array;
  /** an independent stream derived from this stream's seed and `label`; does not advance this stream */
  fork(label: string): Rng;
  /** the position of this stream and of every stream forked from it (depth first, in fork order) */
  save(): RngState;
  /** put back what save() returned, on a stream with the same forks (a checkpoint's resume) */
  restore(state: RngState): void;
}

/** A twin of shuffleByWords: permutes `order` and advances `state` (four xoshiro128** words) in place. */
export type ShuffleKernel = (order: Uint32Array, state: Uint32Array) => void;

/** Six numbers a stream: the four xoshiro words, the spare normal and whether it is held. */
export type RngState = readonly number[];

const STREAM_WORDS = 6;

/** Anything indexable and writable: plain arrays and typed arrays. */
export interface MutableList {
  readonly length: number;
  [index: number]: unknown;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** `seed` is any safe integer (negative and above 2³² included: both 32-bit halves are used). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new UsageError('createRng: seed', 'a safe integer', seed);
  return fromKey(seed >>> 0, Math.floor(seed / TWO_POW_32) >>> 0);
}

/** A stream as this file builds it: an Rng that restores its part of a saved tree from an offset. */
interface Stream extends Rng {
  /** restore from state[at…]; returns the index after this stream's part (its forks included) */
  restoreAt(state: RngState, at: number): number;
}

// A stream is named by a 64-bit key (two 32-bit words); forks hash the label into a new key.
function fromKey(keyLo: number, keyHi: number): Stream {
  // splitmix32 turns the low word into four well-mixed state words; the mixed high word goes into every
  // one of them, so seeds that differ only above bit 32 share no state word (xoshiro's first output
  // depends on s1 alone).
  let sm = keyLo;
  const hi = mix32(keyHi ^ 0x85ebca6b);
  const word = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    return mix32(mix32(sm) ^ hi);
  };
  const s0 = word();
  const s1 = word();
  const s2 = word();
  const s3 = word();
  const gen = xoshiroStream(s0, s1, s2, s3);
  const uint32 = gen.next;

  // 27 + 26 high bits of two draws give a double with all 53 mantissa bits random.
  const next = (): number => ((uint32() >>> 5) * 67108864 + (uint32() >>> 6)) / TWO_POW_53;

  // Box–Muller yields normals in pairs; the second is kept for the next call.
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // NOTE: 1 − next() is in (0, 1], so the log is finite. Math.log/cos/sin are not specified to the last
    // bit by ECMAScript; V8 and SpiderMonkey both use fdlibm ports, so they agree in practice.
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const theta = 2 * Math.PI * next();
    spare = r * Math.sin(theta);
    hasSpare = true;
    return r * Math.cos(theta);
  };

  const int = uniformInt(uint32);
  const shuffle = <A extends MutableList>(array: A): A => fisherYates(array, int);
  const words = new Uint32Array(4);
  const shuffleIndices = (order: Uint32Array, kernel?: ShuffleKernel): Uint32Array => {
    if (!kernel) return shuffle(order);
    words.set(gen.words());
    kernel(order, words);
    gen.setWords(words[0]!, words[1]!, words[2]!, words[3]!);
    return order;
  };

  // NOTE: forks are remembered so save() can reach them; the core forks a fixed set of streams when a
  // trainer is built (init, dropout per layer, shuffle), never per step, so this list stays small.
  const forks: Stream[] = [];
  const fork = (label: string): Rng => {
    const child = fromKey(hashLabel(keyLo, label), hashLabel(keyHi ^ 0x6a09e667, label));
    forks.push(child);
    return child;
  };

  const save = (): number[] => [...gen.words(), spare, hasSpare ? 1 : 0, ...forks.flatMap((f) => f.save())];
  const restoreAt = (state: RngState, at: number): number => {
    gen.setWords(state[at]!, state[at + 1]!, state[at + 2]!, state[at + 3]!);
    spare = state[at + 4]!;
    hasSpare = state[at + 5] === 1;
    let next = at + STREAM_WORDS;
    for (const f of forks) next = f.restoreAt(state, next);
    return next;
  };
  const restore = (state: RngState): void => {
    const expected = save().length;
    if (state.length !== expected)
      throw new UsageError(
        'rng.restore: state',
        `${expected} numbers (this stream and its forks)`,
        state.length,
      );
    restoreAt(state, 0);
  };

  return { uint32, next, normal, int, shuffle, shuffleIndices, fork, save, restore, restoreAt };
}

/** Uniform integers in 0..n−1 from a uint32 stream, rejecting the top 2³² mod n values (no modulo bias). */
function uniformInt(uint32: () => number): (n: number) => number {
  return (n) => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new UsageError('rng.int: n', 'an integer in [1, 2^32]', n);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let u = uint32();
    while (u >= limit) u = uint32();
    return u % n;
  };
}

/** Fisher–Yates from the last element down: element i swaps with int(i + 1). */
function fisherYates<A extends MutableList>(array: A, int: (n: number) => number): A {
  for (let i = array.length - 1; i > 0; i--) {
    const j = int(i + 1);
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/**
 * The shuffle of a stream whose xoshiro128** words are `state`: the specification that a ShuffleKernel
 * (assembly/shuffle.ts) reproduces bit for bit; `state` is left advanced past the draws.
 */
export function shuffleByWords(order: Uint32Array, state: Uint32Array): Uint32Array {
  const gen = xoshiroStream(state[0]!, state[1]!, state[2]!, state[3]!);
  fisherYates(order, uniformInt(gen.next));
  state.set(gen.words());
  return order;
}

/** The raw xoshiro128** generator from a 128-bit state (four 32-bit words); exported for its test vector. */
export function xoshiro128ss(s0: number, s1: number, s2: number, s3: number): () => number {
  return xoshiroStream(s0, s1, s2, s3).next;
}

/** xoshiro128** with its four words readable and writable (for checkpoints). */
function xoshiroStream(
  s0: number,
  s1: number,
  s2: number,
  s3: number,
): {
  next: () => number;
  words: () => number[];
  setWords: (a: number, b: number, c: number, d: number) => void;
} {
  // NOTE: the all-zero state is a fixed point; splitmix seeding makes it practically impossible, but the
  // guard costs nothing.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const words = (): number[] => [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0];
  const setWords = (a: number, b: number, c: number, d: number): void => {
    s0 = a >>> 0;
    s1 = b >>> 0;
    s2 = c >>> 0;
    s3 = d >>> 0;
  };
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return { next, words, setWords };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// Final mixer of splitmix32 (constants from the hash-prospector search); a bijection on 32-bit words.
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

// Hash of the UTF-16 code units of `label`, seeded by one key word (MurmurHash-style multiply–xorshift).
function hashLabel(seed: number, label: string): number {
  let h = mix32(seed ^ label.length);
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return mix32(h);
}
