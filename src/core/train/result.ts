// The run document a session builds: what `gradscope train --json` prints and `--out DIR` saves. Its
// one schema is src/core/record/ (format: docs/run-format.md); the types here are that schema's.

import type { Final, RunDocument } from '../record/index.js';

export type { Evaluation, HistoryEntry } from '../record/index.js';
export { RUN_FORMAT_VERSION } from '../record/index.js';

/** the final weights on the training set: loss, accuracy, the penalty and their sum */
export type FinalEvaluation = Final['train'];

/** a run's whole record, diagnosis included */
export type TrainResult = RunDocument;
