import { describe, expect, it } from 'vitest';
import { prefillOf } from './article-prefill.ts';

describe('prefillOf', () => {
  it('reads the title, the example questions (either form, once each) and a known language', () => {
    const search = new URLSearchParams([
      ['title', ' 可以开发票吗 '],
      ['question', '可以开发票吗'],
      ['question', '发票怎么开'],
      ['questions', '发票怎么开\n能开专票吗\n'],
      ['locale', 'zh-CN'],
      ['from', 'c1'],
    ]).toString();
    expect(prefillOf(`?${search}`)).toEqual({
      title: '可以开发票吗',
      questions: ['可以开发票吗', '发票怎么开', '能开专票吗'],
      locale: 'zh-CN',
    });
  });

  it('gives an empty prefill without parameters and ignores an unknown language', () => {
    expect(prefillOf('')).toEqual({ title: '', questions: [], locale: null });
    expect(prefillOf('?locale=xx').locale).toBeNull();
  });
});
