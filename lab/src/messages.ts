// The in-page message line: refused settings, a bad CSV, a diverged run. role="alert" so screen readers
// announce it; the run that was going keeps going.

export interface Messages {
  show(text: string): void;
  clear(): void;
}

export function createMessages(element: HTMLElement): Messages {
  element.setAttribute('role', 'alert');
  const text = document.createElement('span');
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.addEventListener('click', () => {
    element.hidden = true;
  });
  element.append(text, close);
  element.hidden = true;
  return {
    show(t) {
      text.textContent = t;
      element.hidden = false;
    },
    clear() {
      text.textContent = '';
      element.hidden = true;
    },
  };
}
