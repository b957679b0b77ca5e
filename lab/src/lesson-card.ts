// The lesson card of the preset in view: what to look at, "What do you notice?" and a reveal
// that quotes the run's own numbers at a named step (in Compare each run's, each at its own step), and a
// button that shows the fix beside it in Compare.
// NOTE: the preset's claim is not restated here: the preset note right above the card says it (it said it
// twice, one line above the other).

import { LESSONS, type Lesson } from './lessons.js';
import type { Preset, PresetChoice } from './presets.js';
import type { RunUpdate } from './protocol.js';

export interface LessonCard {
  readonly element: HTMLElement;
  show(p: Preset | null): void;
}

/** A run the reveal quotes: its label ("Run A") and its latest update. */
export interface RevealRun {
  readonly label: string;
  readonly update: RunUpdate | null;
}

/** One run's part of the reveal: its own numbers, and the step they were measured at. */
function revealPart(lesson: Lesson, run: RevealRun): { text: string; step: number | null; values: string } {
  const s = run.update;
  const r = lesson.reveal(s?.diagnosis ?? null, s?.latest ?? null);
  if (r) return { text: `At step ${r.step}: ${r.text}`, step: r.step, values: JSON.stringify(r.values) };
  const d = s?.diagnosis;
  return {
    text: d
      ? `At step ${d.step}: nothing of this lesson's to quote (verdict: ${d.verdict.join(', ')}).`
      : 'No numbers yet: let the run go on a little, then reveal again.',
    step: d?.step ?? null,
    values: '',
  };
}

export function createLessonCard(opts: {
  /** the runs on the page, A first */
  runs: () => readonly RevealRun[];
  compare: (diff: string) => void;
  /** a choice of the preset (an initializer by outcome): the preset's run again with it */
  choose?: (p: Preset, choice: PresetChoice) => void;
}): LessonCard {
  const element = document.createElement('section');
  element.className = 'lesson';
  element.setAttribute('aria-label', 'lesson');
  element.hidden = true;
  const heading = document.createElement('h2');
  const look = document.createElement('p');
  const question = document.createElement('p');
  question.className = 'question';
  const reveal = document.createElement('button');
  reveal.type = 'button';
  reveal.textContent = 'Reveal';
  reveal.setAttribute('aria-expanded', 'false');
  const answer = document.createElement('p');
  answer.className = 'answer';
  answer.dataset.testid = 'reveal';
  answer.setAttribute('aria-live', 'polite');
  const fix = document.createElement('button');
  fix.type = 'button';
  // the preset's choices named by outcome (Zero, Too small, …), each saying which setting it is
  const choices = document.createElement('div');
  choices.className = 'choices';
  choices.setAttribute('role', 'group');
  element.append(heading, look, question, reveal, answer, fix, choices);
  let current: Preset | null = null;

  reveal.addEventListener('click', () => {
    const lesson = current ? LESSONS[current.id] : undefined;
    if (!lesson) return;
    const runs = opts.runs();
    const parts = runs.map((run) => revealPart(lesson, run));
    reveal.setAttribute('aria-expanded', 'true');
    answer.replaceChildren();
    // alone: one sentence; in Compare: one per run, each named, each with its own step
    parts.forEach((p, i) => {
      const span = document.createElement('span');
      span.className = 'part';
      span.dataset.run = runs[i]!.label;
      span.dataset.step = p.step === null ? '' : String(p.step);
      span.dataset.values = p.values;
      span.textContent = runs.length > 1 ? `${runs[i]!.label}: ${p.text}` : p.text;
      answer.append(i > 0 ? ' ' : '', span);
    });
    // run A's, as a test reads them
    answer.dataset.values = parts[0]?.values ?? '';
    answer.dataset.step = String(parts[0]?.step ?? '');
  });
  fix.addEventListener('click', () => {
    const diff = current ? LESSONS[current.id]?.fix : null;
    if (diff) opts.compare(diff);
  });

  return {
    element,
    show(p) {
      current = p;
      const lesson = p ? LESSONS[p.id] : undefined;
      element.hidden = !p || !lesson;
      if (!p || !lesson) return;
      heading.textContent = `Lesson: ${p.title}`;
      look.textContent = `Look at ${lesson.look}`;
      question.textContent = lesson.question.startsWith('What do you notice')
        ? lesson.question
        : `What do you notice? ${lesson.question}`;
      reveal.setAttribute('aria-expanded', 'false');
      answer.textContent = '';
      answer.dataset.values = '';
      choices.replaceChildren();
      choices.hidden = !p.choices;
      choices.setAttribute('aria-label', `${p.title}: initializer by outcome`);
      for (const c of p.choices ?? []) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = c.label;
        b.dataset.choice = c.label;
        b.setAttribute('aria-label', `${c.label} (init ${c.means})`);
        b.title = c.means;
        b.addEventListener('click', () => opts.choose?.(p, c));
        choices.append(b);
      }
      if (p.choices) {
        const note = document.createElement('p');
        note.className = 'means';
        note.textContent = `Initializers by outcome: ${p.choices.map((c) => `${c.label} = ${c.means}`).join('; ')}.`;
        choices.append(note);
      }
      fix.hidden = lesson.fix === null;
      fix.textContent = lesson.fix ? `See the fix side by side (B: ${lesson.fix.replaceAll('&', ', ')})` : '';
    },
  };
}
