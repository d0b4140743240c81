import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { dictionaries, guessLocale, translate } from './translate.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  for (const [locale, dictionary] of Object.entries(dictionaries)) {
    it(`${locale} has every key of en, none empty, none extra`, () => {
      expect(Object.keys(dictionary).sort()).toEqual(Object.keys(en).sort());
      for (const value of Object.values(dictionary)) expect(value.trim()).not.toBe('');
    });

    it(`${locale} uses the same placeholders as en`, () => {
      for (const [key, value] of Object.entries(en)) {
        expect([key, placeholders(dictionary[key as keyof typeof en])]).toEqual([
          key,
          placeholders(value),
        ]);
      }
    });
  }
});

describe('translate', () => {
  it('fills placeholders as text', () => {
    expect(translate('zh-CN', 'views.count', { count: 3 })).toBe('3 个会话');
    expect(translate('en', 'props.removeTag', { name: '<b>x</b>' })).toBe('Remove tag <b>x</b>');
  });

  it('leaves unknown placeholders alone', () => {
    expect(translate('en', 'views.count')).toBe('{count} conversations');
  });
});

describe('guessLocale', () => {
  it('prefers the stored choice, then the browser', () => {
    expect(guessLocale('en', ['zh-CN'])).toBe('en');
    expect(guessLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(guessLocale('fr', ['fr-FR'])).toBe('en');
  });
});
