// One wrong JSON value at one place in a valid document → one line naming that place, what was expected
// and what was there. Each row: the path, the value put there, the line expected.

import { describe, expect, it } from 'vitest';
import { trained } from '../../../test/helpers/trained.js';
import { UsageError } from '../errors.js';
import { parseRunDocument } from './index.js';

type Json = Record<string, unknown>;

function put(doc: Json, path: readonly (string | number)[], value: unknown): Json {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

const { json } = trained({ valSplit: 0.25, clipNorm: 0.01 });
const withFinding = put(json, ['diagnosis'], {
  verdict: ['vanishing'],
  findings: [
    {
      code: 'vanishing',
      layers: [0],
      cause: 'small-weights',
      evidence: { ratio: 1e-9, perLayer: [0.1, null] },
      explanation: 'e',
      suggestion: 's',
      fixes: [{ scale: 'lr', by: 0.1, reason: 'r' }],
    },
  ],
});

// biome-ignore format: a table, one case a line
const CASES: readonly [string, readonly (string | number)[], unknown, string][] = [
  ['a string in a per-layer gradient list', ['history', 3, 'gradNorm', 1], 'x', 'history[3].gradNorm[1]: expected a number or null, got "x"'],
  ['a fractional step', ['history', 0, 'step'], 1.5, 'history[0].step: expected an integer ≥ 0, got 1.5'],
  ['a negative step count', ['steps'], -1, 'steps: expected an integer ≥ 0, got -1'],
  ['a missing batch loss', ['history', 2, 'loss'], undefined, 'history[2].loss: expected a number or null, got nothing'],
  ['a string clipped flag', ['history', 1, 'clipped'], 'yes', 'history[1].clipped: expected true or false, got "yes"'],
  ['a null history entry', ['history', 0], null, 'history[0]: expected an object, got null'],
  ['an empty history', ['history'], [], 'history: expected at least one logged step, got an array of 0'],
  ['history as an object', ['history'], {}, 'history: expected an array, got an empty object'],
  ['an instrument as text', ['history', 1, 'instruments', 0, 'zStd'], '1', 'history[1].instruments[0].zStd: expected a number or null, got "1"'],
  ['a validation loss as an array', ['history', 1, 'val', 'loss'], [1], 'history[1].val.loss: expected a number or null, got an array of 1'],
  ['an unknown history field', ['history', 0, 'lr'], 0.1, 'history[0].lr: expected no such field (version 1 defines none by that name), got 0.1'],
  ['an unknown top-level field', ['config2'], {}, 'config2: expected no such field (version 1 defines none by that name), got an empty object'],
  ['an unknown activation type', ['config', 'activation'], 3, 'config.activation: expected a string, got 3'],
  ['an unknown optimizer', ['config', 'optimizer'], 'lion', 'config.optimizer: expected one of sgd, momentum, nesterov, adam, adamw, got "lion"'],
  ['a batch size word', ['config', 'batchSize'], 'half', 'config.batchSize: expected an integer ≥ 1 or "full", got "half"'],
  ['hidden widths as text', ['config', 'hidden'], '8,8', 'config.hidden: expected an array of layer widths, got "8,8"'],
  ['a loss of another name', ['plan', 'loss'], 'hinge', 'plan.loss: expected one of mse, bce, ce, got "hinge"'],
  ['a missing plan', ['plan'], undefined, 'plan: expected an object, got nothing'],
  ['a final objective as text', ['final', 'train', 'objective'], 'low', 'final.train.objective: expected a number or null, got "low"'],
  ['a layer without fanIn', ['layers', 0, 'fanIn'], undefined, 'layers[0].fanIn: expected an integer ≥ 0, got nothing'],
  ['one layer too many', ['layers', 3], {}, 'layers[3].index: expected an integer ≥ 0, got nothing'],
  ['a probe layer norm as text', ['probes', 0, 'layers', 1, 'jacobianMean'], 'big', 'probes[0].layers[1].jacobianMean: expected a number or null, got "big"'],
  ['an unknown sharpness point set', ['probes', 1, 'sharpness', 'over'], 'cube', 'probes[1].sharpness.over: expected one of grid, line, data, got "cube"'],
  ['a probe time as null', ['probes', 0, 'ms'], null, 'probes[0].ms: expected a number, got null'],
  ['a non-finite event of another phase', ['nonFinite'], { step: 1, tensor: 'loss', layer: 2, phase: 'later' }, 'nonFinite.phase: expected one of forward, loss, backward, update, got "later"'],
  ['a first clipped step as text', ['clipping', 'firstClippedStep'], 'one', 'clipping.firstClippedStep: expected an integer ≥ 0 or null, got "one"'],
  ['a baseline without its loss', ['baseline'], {}, 'baseline.constantLoss: expected a number or null, got nothing'],
  ['a verdict word', ['diagnosis', 'verdict'], 'sick', 'diagnosis.verdict: expected "healthy" or an array of finding codes, got "sick"'],
  ['an unknown finding code in the verdict', ['diagnosis', 'verdict', 0], 'slow', 'diagnosis.verdict[0]: expected one of non-finite, exploding, vanishing, dead-relu, saturated, no-generalization, overfitting, underfitting, got "slow"'],
  ['an unknown vanishing cause', ['diagnosis', 'findings', 0, 'cause'], 'bad luck', 'diagnosis.findings[0].cause: expected one of small-derivative, saturation, dead-units, small-weights, got "bad luck"'],
  ['an object as evidence', ['diagnosis', 'findings', 0, 'evidence', 'ratio'], { a: 1 }, 'diagnosis.findings[0].evidence.ratio: expected a number, string, boolean, null or an array of numbers, got an object with keys a'],
  ['a finding without fixes', ['diagnosis', 'findings', 0, 'fixes'], undefined, 'diagnosis.findings[0].fixes: expected an array, got nothing'],
  ['a fix scaling by a negative factor', ['diagnosis', 'findings', 0, 'fixes', 0, 'by'], -1, 'diagnosis.findings[0].fixes[0].by: expected a number > 0, got -1'],
  ['a fix of a setting that does not exist', ['diagnosis', 'findings', 0, 'fixes', 0, 'scale'], 'speed', 'diagnosis.findings[0].fixes[0].scale: expected one of'],
  ['a fix that is neither kind', ['diagnosis', 'findings', 0, 'fixes', 0], 3, 'diagnosis.findings[0].fixes[0]: expected an object, got 3'],
  ['a set fix with a value of no setting type', ['diagnosis', 'findings', 0, 'fixes', 0], { set: { lr: [1] }, reason: 'r' }, 'diagnosis.findings[0].fixes[0].set.lr: expected'],
  ['a gradient list one layer short', ['history', 2, 'gradNorm'], [1, 2], 'history[2].gradNorm: expected 3 entries, one per Dense layer (the 2 of config.hidden and the output layer), got an array of 2'],
];

/** The UsageError line parsing `doc` throws. */
function refusal(doc: Json): string {
  try {
    parseRunDocument(doc, 'summary.json');
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error('the document was accepted');
}

describe('a wrong value in a run document is named by its path', () => {
  it.each(CASES)('%s', (_what, path, value, line) => {
    const message = refusal(put(withFinding, path, value));
    expect(message.startsWith(`summary.json: ${line}`), message).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('the document the table edits is valid as it is', () => {
    expect(parseRunDocument(withFinding, 'summary.json').diagnosis.findings[0]!.fixes).toHaveLength(1);
  });

  it('keeps the line short and on one line for a huge value or a key with a newline', () => {
    const long = put(withFinding, ['config', 'data'], 7);
    const huge = put(long, ['history', 0, 'x\ny'.repeat(10_000)], 'z'.repeat(1e6));
    const message = refusal(put(huge, ['config', 'data'], 'circle'));
    expect(message).toMatch(
      /^summary\.json: history\[0\]\["x\\ny.*…"\]: expected no such field .*, got "z+…"$/,
    );
    expect(message.length).toBeLessThan(300);
  });
});
