import { describe, expect, it } from 'vitest';
import { openBrowser } from './helpers/browser.js';

describe('headless Chromium', () => {
  it('renders a page and reports its console errors', async () => {
    const s = await openBrowser();
    try {
      await s.page.setContent('<p id="p">hi</p><script>console.error("boom")</script>');
      expect(await s.page.textContent('#p')).toBe('hi');
      expect(s.errors).toEqual(['boom']);
    } finally {
      await s.close();
    }
  });
});
