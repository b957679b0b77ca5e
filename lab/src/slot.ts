// One run on the page: a worker, its views, and the last settings the worker accepted ("good"). A refused
// configuration leaves the good one running and reports why.

import { createRunClient, type RunClient } from './client.js';
import type { ExportKind } from './export.js';
import { isLabDataSet } from './image-data.js';
import type { RunInfo } from './protocol.js';
import { createRunView, type RunView } from './run-view.js';
import { type LabState, toConfigInput } from './state.js';

export interface Slot {
  readonly client: RunClient;
  readonly view: RunView;
  /** the settings of the run that is going */
  readonly good: LabState | null;
  readonly info: RunInfo | null;
  /** settings sent and not yet accepted or refused */
  readonly configuring: boolean;
  /** resume: go on from the current weights if only the update's settings changed */
  configure(state: LabState, csv: string | null, resume?: boolean): void;
  requestExport(kind: ExportKind): void;
  dispose(): void;
}

export interface SlotEvents {
  /** continued: the run went on from its weights (lr, penalties or clip changed) */
  accepted(state: LabState, continued: boolean): void;
  refused(message: string): void;
  runError(message: string): void;
  exported(kind: ExportKind, json: string, safetensors: ArrayBuffer): void;
  applyFix(fix: Readonly<Record<string, string>>): void;
  /** after each update of the current run was shown */
  progressed?(step: number): void;
}

export function createSlot(label: string, compact: boolean, events: SlotEvents): Slot {
  let good: LabState | null = null;
  let info: RunInfo | null = null;
  const pending: LabState[] = [];
  const exports: ExportKind[] = [];
  const view = createRunView({
    compact,
    label,
    onApplyFix: (fix) => events.applyFix(fix),
    onEditWeight: (layer, row, col, value) => client.setWeight(layer, row, col, value),
  });
  const client = createRunClient({
    ready(i, continued) {
      info = i;
      const accepted = pending.shift();
      if (accepted) good = accepted;
      // a continued run keeps its curves and heatmap: the same run goes on
      if (!continued) view.setRun(i);
      // a continued run may draw new points (Regenerate data)
      else view.setData(i);
      if (good) events.accepted(good, continued);
    },
    update(s) {
      view.update(s);
      if (s.runId === view.runId) events.progressed?.(s.step);
    },
    error(message, phase) {
      if (phase === 'configure') {
        pending.shift();
        events.refused(message);
      } else events.runError(message);
    },
    exported(json, bytes) {
      const kind = exports.shift();
      if (kind) events.exported(kind, json, bytes);
    },
  });
  return {
    client,
    view,
    get good() {
      return good;
    },
    get info() {
      return info;
    },
    get configuring() {
      return pending.length > 0;
    },
    configure(state, csv, resume = false) {
      pending.push(state);
      if (!resume)
        view.notice(
          `${isLabDataSet(state.data) ? `loading ${state.data}, then ` : ''}building a ${state.depth} × ${state.width} network…`,
        );
      client.configure(toConfigInput(state), csv, resume);
    },
    requestExport(kind) {
      exports.push(kind);
      client.exportRun();
    },
    dispose() {
      client.terminate();
      view.element.remove();
    },
  };
}
