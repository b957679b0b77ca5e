// The one loop: runTraining is a session stepped to the end, the lab's open-ended stepping gives the same
// numbers, and the document's diagnosis is the verdict engine's on the document itself.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import { prepareData } from '../data/prepare.js';
import { diagnose } from '../diagnostics/diagnose.js';
import { runTraining } from './run.js';
import { createSession } from './session.js';
import { createTrainer } from './trainer.js';

const config = resolveConfig({
  data: 'moons',
  samples: 120,
  hidden: '6,6',
  steps: 40,
  logEvery: 5,
  probeEvery: 20,
});
const data = () => prepareData(config);

describe('createSession', () => {
  it('stepped until done and finished, gives exactly what runTraining returns', () => {
    const whole = runTraining(createTrainer(config, data()), {}, { clock: null });
    const s = createSession(config, data(), { clock: null });
    let steps = 0;
    while (!s.done) {
      s.step();
      steps++;
    }
    expect(steps).toBe(40);
    expect(s.finish()).toEqual(whole);
    // probes at 0, 20 (probeEvery) and the end
    expect(whole.probes.map((p) => p.step)).toEqual([0, 20, 40]);
    expect(whole.history.map((h) => h.step)).toEqual([1, 5, 10, 15, 20, 25, 30, 35, 40]);
  });

  it('with probes: off takes no probe at all, and trains the same weights as with them', () => {
    const off = resolveConfig({ ...config, hidden: '6,6', probes: 'off' });
    const without = createSession(off, data(), { clock: null });
    const withProbes = createSession(config, data(), { clock: null });
    const doc = runTraining(without.trainer, {}, { clock: null });
    runTraining(withProbes.trainer, {}, { clock: null });
    expect(doc.probes).toEqual([]);
    expect(doc.config.probes).toBe('off');
    expect(() => without.probe()).toThrow(/a session with probes on/);
    expect(Array.from(without.model.params)).toEqual(Array.from(withProbes.model.params));
  });

  it('stepped past its total (the lab), repeats the same history and keeps going', () => {
    const whole = runTraining(createTrainer(config, data()), {}, { clock: null, probes: false });
    const open = createSession(config, data(), { clock: null, probes: false, stopAtTotal: false });
    for (let i = 0; i < 50; i++) open.step();
    expect(open.done).toBe(false);
    expect(open.stepCount).toBe(50);
    const doc = open.document();
    expect(doc.history.slice(0, whole.history.length)).toEqual(whole.history);
    expect(doc.history.at(-1)!.step).toBe(50);
  });

  it('records the whole training set in eval mode as history[].train when asked, the batch loss as loss', () => {
    const s = createSession(config, data(), { clock: null, probes: false, evaluateTrain: true });
    while (!s.done) s.step();
    const doc = s.finish();
    const last = doc.history.at(-1)!;
    // the last logged step is the last step: its full-set evaluation is the final one
    expect(last.train).toEqual({ loss: doc.final.train.loss, accuracy: doc.final.train.accuracy });
    expect(last.loss).not.toBe(last.train!.loss);
    expect(runTraining(createTrainer(config, data()), {}, { probes: false }).history[0]).not.toHaveProperty(
      'train',
    );
  });

  it("the document's diagnosis is diagnose() of the document, and a 0-step run evaluates one batch", () => {
    const doc = runTraining(createTrainer(config, data()), {}, { clock: null });
    const { diagnosis, ...rest } = doc;
    expect(diagnosis).toEqual(diagnose(rest));
    const zero = resolveConfig({ ...config, hidden: '6,6', steps: 0 });
    const s = createSession(zero, prepareData(zero), { clock: null });
    expect(s.step()!.step).toBe(0);
    expect(s.done).toBe(true);
    expect(s.step()).toBeNull();
    expect(s.finish().steps).toBe(0);
  });

  it('probe() on a session without probes is refused with one line', () => {
    const s = createSession(config, data(), { probes: false });
    expect(() => s.probe()).toThrow('session.probe: expected a session with probes on, got "probes: false"');
  });
});
