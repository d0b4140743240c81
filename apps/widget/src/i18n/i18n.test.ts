import { describe, expect, it } from 'vitest';
import { pickLocale } from '../shared/locale.ts';
import { en } from './en.ts';
import { fileSizeText, replyTimeText, translatorFor } from './i18n.ts';
import { zhCN } from './zh-CN.ts';

describe('dictionaries', () => {
  it('zh-CN has exactly the keys of en, each translated and with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key].trim(), key).not.toBe('');
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders with plain text', () => {
    const t = translatorFor('zh-CN');
    expect(t('offline.saved', { email: '<b>a@b.cn</b>' })).toBe(
      '谢谢！我们会回复到 <b>a@b.cn</b>。',
    );
    expect(translatorFor('en')('typing.agent', { name: 'Li Lei' })).toBe('Li Lei is typing…');
  });

  it('says the expected reply time in words', () => {
    const t = translatorFor('en');
    expect(replyTimeText(t, 2)).toBe('Usually replies in a few minutes');
    expect(replyTimeText(t, 15)).toBe('Usually replies in about 15 minutes');
    expect(replyTimeText(t, 180)).toBe('Usually replies in about 3 hours');
    expect(replyTimeText(t, 0)).toBeNull();
    expect(replyTimeText(translatorFor('zh-CN'), 15)).toBe('通常在约 15 分钟内回复');
    expect(fileSizeText(t, 2_500_000)).toBe('2.4 MB');
  });
});

describe('pickLocale', () => {
  it('takes the first hint it knows: data-locale, then <html lang>, then the browser', () => {
    expect(pickLocale(['en', 'zh-CN'])).toBe('en');
    expect(pickLocale(['', 'zh-Hans-CN', 'en-US'])).toBe('zh-CN');
    expect(pickLocale([undefined, 'fr', 'zh-TW'])).toBe('zh-CN');
    expect(pickLocale(['de', 'fr'])).toBe('en');
    expect(pickLocale(['EN_gb'])).toBe('en');
  });
});
