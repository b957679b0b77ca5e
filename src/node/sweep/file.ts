// A sweep file on disk: YAML (.yaml, .yml) or JSON, size-limited like every file the CLI reads, parsed
// into plain data; a syntax error is one line with the file, the line and the column.

import { parse as parseYaml, YAMLParseError } from 'yaml';
import { UsageError } from '../../index.js';
import { readText } from '../io.js';

/** The parsed content of the sweep file at `path` (not yet validated: parseSweepDefinition does that). */
export function readSweepFile(argument: string, path: string): unknown {
  const text = readText(argument, path, 'sweep file');
  if (/\.json$/i.test(path)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new UsageError(path, 'a JSON sweep file', (err as Error).message);
    }
  }
  const deep = tooDeep(text, MAX_DEPTH);
  if (deep !== null) {
    throw new UsageError(
      `${path}:${deep}`,
      `a YAML sweep file nested at most ${MAX_DEPTH} brackets deep`,
      'deeper',
    );
  }
  try {
    // NOTE: YAML 1.2 core schema: 1e-5 is a number, `no` is a string; a duplicate key is an error
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 }) as unknown;
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      const where = at ? `${path}:${at.line}:${at.col}` : path;
      throw new UsageError(where, 'a YAML sweep file', err.message.split('\n')[0]!);
    }
    // NOTE: the parser refuses an alias bomb (a few lines that expand to millions of nodes) with a plain
    // ReferenceError, after the syntax is read: that is a bad file too, not an internal error
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new UsageError(path, 'a YAML sweep file whose aliases expand at most 100 times', err.message);
    }
    throw err;
  }
}

// NOTE: the YAML parser recurses per nested flow collection: 200,000 brackets took it 11 s and 300 MB to
// fail with a stack overflow. A sweep file nests a few levels; brackets are counted outside quotes and
// comments before parsing.
const MAX_DEPTH = 64;

/** `line:column` of the first bracket nested deeper than `max` ([ and { outside quotes/comments), or null. */
function tooDeep(text: string, max: number): string | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      if (quote === '') continue;
    }
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (c === '[' || c === '{') {
      if (++depth > max) return `${line}:${i - lineStart + 1}`;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return null;
}
