import { describe, expect, it } from 'vitest';
import { safeHref, splitLinks } from './safe-text.ts';

describe('safeHref', () => {
  it('keeps http(s) and same-origin paths', () => {
    expect(safeHref('/api/v1/attachments/1')).toBe('/api/v1/attachments/1');
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
  });

  it('refuses script and data URLs and protocol-relative ones', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,x',
      '//evil.test/x',
      'vbscript:x',
    ])
      expect(safeHref(url)).toBeNull();
  });
});

describe('splitLinks', () => {
  it('links only http(s) URLs and leaves the rest as text', () => {
    expect(splitLinks('see https://kefu.dev/docs, or javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://kefu.dev/docs', href: 'https://kefu.dev/docs' },
      { kind: 'text', text: ', or javascript:alert(1)' },
    ]);
  });

  it('keeps markup as text', () => {
    expect(splitLinks('<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)>' },
    ]);
  });

  it('does not swallow Chinese punctuation after a link', () => {
    expect(splitLinks('链接 https://a.cn/x。谢谢')[1]).toEqual({
      kind: 'link',
      text: 'https://a.cn/x',
      href: 'https://a.cn/x',
    });
  });
});
