import { describe, expect, it } from 'vitest';
import { prefillOf } from '../knowledge/article-prefill.ts';
import { lastDays, writeArticleLink } from './gap-link.ts';

describe('writeArticleLink', () => {
  it('opens a new article whose prefill is the group: title, its questions, its language', () => {
    const link = writeArticleLink({
      question: '可以开发票吗',
      examples: ['可以开发票吗', '发票怎么开 & 多久'],
      locale: 'zh-CN',
    });
    expect(link.startsWith('/app/knowledge/articles/new?')).toBe(true);
    expect(prefillOf(link.slice(link.indexOf('?')))).toEqual({
      title: '可以开发票吗',
      questions: ['可以开发票吗', '发票怎么开 & 多久'],
      locale: 'zh-CN',
    });
  });

  it('leaves the language to the editor when the group has none', () => {
    expect(writeArticleLink({ question: 'gift wrap?', examples: [], locale: null })).toBe(
      '/app/knowledge/articles/new?title=gift+wrap%3F&question=gift+wrap%3F',
    );
  });
});

describe('lastDays', () => {
  it('ends just after now, so questions asked a moment ago count', () => {
    const now = new Date('2026-12-05T08:00:00.000Z');
    expect(lastDays(7, now)).toEqual({
      from: '2026-11-28T08:00:00.000Z',
      to: '2026-12-05T08:01:00.000Z',
    });
  });
});
