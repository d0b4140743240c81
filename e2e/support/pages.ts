import axe from 'axe-core';
import type { Frame, Page } from 'playwright-core';

/** The widget's iframe on a page that embeds it. */
export async function widgetFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error('the widget frame did not appear');
}

/** axe-core's serious and critical findings on what the page or frame shows now. */
export async function axeSeriousViolations(target: Page | Frame): Promise<string[]> {
  await target.evaluate(axe.source);
  return target.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * Visible text with Chinese characters outside what people typed (messages, names, subjects,
 * tags: marked by the apps with `data-user-content` or one of the content classes below) and
 * outside the logo mark (`data-brand`). `data` lists values that interface strings may quote
 * ("<name> set the status to Open"); they are cut out before looking. With the interface in
 * English, anything this returns is a string that was not translated.
 */
export function untranslatedText(target: Page | Frame, data: string[] = []): Promise<string[]> {
  const values = [...new Set(data.filter(Boolean))].sort((a, b) => b.length - a.length);
  return target.evaluate((values) => {
    const content = [
      '[data-user-content]',
      '[data-brand]',
      '.message-body',
      '.message-author',
      '.row-name',
      '.row-subject',
      '.row-snippet',
      '.row-assignee',
      '.message__bubble',
      '.message__author',
    ].join(',');
    const han = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/;
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let text = node.textContent?.trim() ?? '';
      for (const value of values) text = text.split(value).join(' ');
      const parent = node.parentElement;
      if (!text || !parent || !han.test(text) || parent.closest(content)) continue;
      const box = parent.getBoundingClientRect();
      const style = getComputedStyle(parent);
      const hidden =
        box.width === 0 ||
        box.height === 0 ||
        style.visibility === 'hidden' ||
        style.display === 'none';
      // Screen-reader-only text counts: it is read out, so it must be translated too.
      if (hidden && !parent.closest('.visually-hidden, .sr-only')) continue;
      const where = parent.className
        ? `.${String(parent.className).split(' ').join('.')}`
        : parent.tagName;
      found.push(`${where}: ${text}`);
    }
    return found;
  }, values);
}
