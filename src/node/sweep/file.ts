// A sweep file on disk: YAML (.yaml, .yml) or JSON, size-limited like every file the CLI reads, parsed
// into plain data; a syntax error is one line with the file, the line and the column.

import { parse as parseYaml, YAMLParseError } from 'yaml';
import { readText } from '../../cli/io.js';
import { UsageError } from '../../index.js';

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
  try {
    // NOTE: YAML 1.2 core schema: 1e-5 is a number, `no` is a string; a duplicate key is an error
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 }) as unknown;
  } catch (err) {
    if (!(err instanceof YAMLParseError)) throw err;
    const at = err.linePos?.[0];
    const where = at ? `${path}:${at.line}:${at.col}` : path;
    throw new UsageError(where, 'a YAML sweep file', err.message.split('\n')[0]!);
  }
}
