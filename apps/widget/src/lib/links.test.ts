import { describe, expect, it } from 'vitest';
import { safeHttpUrl, splitLinks } from './links.ts';

describe('splitLinks', () => {
  it('turns http(s) URLs into links and leaves trailing punctuation as text', () => {
    expect(splitLinks('see https://example.com/a?b=1. 或 http://例子.cn，好')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. 或 ' },
      { kind: 'link', text: 'http://例子.cn', href: 'http://xn--fsqu00a.cn/' },
      { kind: 'text', text: '，好' },
    ]);
  });

  it('never links javascript:, data: or markup', () => {
    const text =
      '[x](javascript:alert(1)) data:text/html,<script>alert(1)</script> <img src=x onerror=alert(1)>';
    expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
  });

  it('does not let a URL swallow a quote into an attribute-like tail', () => {
    const segments = splitLinks('http://x?"onmouseover="alert(1)"');
    expect(segments[0]).toEqual({ kind: 'link', text: 'http://x', href: 'http://x/' });
    expect(segments[1]).toEqual({ kind: 'text', text: '?"onmouseover="alert(1)"' });
  });
});

describe('safeHttpUrl', () => {
  it('accepts http(s) and relative URLs against a base, refuses other schemes', () => {
    expect(
      safeHttpUrl(
        '/api/v1/widget/attachments/1?signature=a',
        'https://kefu.example/widget/frame.html',
      ),
    ).toBe('https://kefu.example/api/v1/widget/attachments/1?signature=a');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('JaVaScRiPt:alert(1)', 'https://kefu.example/')).toBeNull();
    expect(safeHttpUrl('data:text/html,hi')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
  });
});
