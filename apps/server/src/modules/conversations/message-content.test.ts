import { describe, expect, it } from 'vitest';
import { htmlToText, messageContent, sanitizeMessageHtml } from './message-content.ts';

describe('message content', () => {
  it('removes everything that can execute', () => {
    const dirty =
      '<p>Hi<script>alert(1)</script><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">x</a>' +
      '<iframe src="https://evil"></iframe><style>body{}</style><svg onload=alert(1)></svg><form><input></form></p>';
    const clean = sanitizeMessageHtml(dirty);
    expect(clean).not.toMatch(/script|onerror|javascript:|iframe|<style|onload|<form|<input|<svg/i);
    expect(clean).toContain('<p>Hi');
  });

  it('keeps formatting and safe links, opening them without an opener', () => {
    const clean = sanitizeMessageHtml(
      '<p><b>订单</b> <a href="https://example.com/t?a=1">track</a></p>',
    );
    expect(clean).toContain('<b>订单</b>');
    expect(clean).toContain('href="https://example.com/t?a=1"');
    expect(clean).toContain('rel="noopener noreferrer nofollow"');
  });

  it('derives plain text from HTML when no text is given', () => {
    expect(htmlToText('<p>Line one</p><p>Line &amp; two</p>')).toBe('Line one\nLine & two');
    expect(messageContent({ html: '<div>你好<br>世界</div>' })).toEqual({
      body: '你好\n世界',
      html: '<div>你好<br />世界</div>',
    });
    expect(messageContent({ body: 'plain' })).toEqual({ body: 'plain', html: null });
  });
});
