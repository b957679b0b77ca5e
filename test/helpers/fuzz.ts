// What the property tests share: a bounded number of runs (50 in CI), and setting values that have
// broken parsers before: plain and odd numbers, words of the settings, specs, empty and control text.

import fc from 'fast-check';

export const RUNS = process.env.CI === 'true' ? 50 : 300;

const TRICKY = (
  '0 1 -1 0.5 80 100 256 5000 5001 1e-3 1e999 -0 NaN Infinity 0x10 full auto none true false ' +
  'relu sigmoid he-normal normal:0.5 leaky-relu:0.2 elu:-1 orthogonal:2 8,8,4 8,,4 0,8 circle sine x.csv ' +
  'adam batch sgd minibatch layer 1000000000 3.5 % %zz & ='
).split(' ');

/** A setting's text: a tricky one, any short string (control characters too) or a random number. */
export const settingText = fc.oneof(
  fc.constantFrom(...TRICKY, '', ' ', 'relu\n', 'normal:\n1', 'x\r\n.csv'),
  fc.string({ maxLength: 10, unit: 'binary' }),
  fc.double().map(String),
  fc.integer().map(String),
);
