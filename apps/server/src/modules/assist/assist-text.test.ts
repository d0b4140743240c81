import { describe, expect, it } from 'vitest';
import { articleDraft, draftTitle } from './article-draft.ts';
import { assistLocale, exchangesOf, latestQuestion } from './assist-text.ts';
import { contentTerms, nearTheBest, searchableQuestion, sharesContent } from './content-terms.ts';

const customer = (body: string) => ({ author_type: 'customer' as const, body });
const agent = (body: string) => ({ author_type: 'agent' as const, body });

describe('agent assist text', () => {
  it('asks with the customer messages since the last agent reply, else their last one', () => {
    expect(latestQuestion([customer('And the invoice?'), customer('Thanks'), agent('Done')])).toBe(
      'Thanks\nAnd the invoice?',
    );
    expect(latestQuestion([agent('Anything else?'), customer('Where is it?')])).toBe(
      'Where is it?',
    );
    expect(latestQuestion([agent('Hello')])).toBe('');
  });

  it('pairs each run of customer messages with the agent reply that followed', () => {
    expect(
      exchangesOf([
        customer('Hi'),
        customer('Where is my order?'),
        agent('It ships today.'),
        agent('Anything else?'),
        customer('No, thanks'),
      ]),
    ).toEqual([{ question: 'Hi\nWhere is my order?', answer: 'It ships today.' }]);
  });

  it('suggests in the language the customer writes, refined by their own', () => {
    expect(assistLocale(null, '我的订单到哪了')).toBe('zh-CN');
    expect(assistLocale('zh-TW', '我的訂單')).toBe('zh-TW');
    expect(assistLocale('zh-CN', 'Where is my order?')).toBe('en');
    expect(assistLocale('fr', 'Où est ma commande ?')).toBe('fr');
    expect(assistLocale('en', '退款')).toBe('zh-CN');
    expect(assistLocale(null, '')).toBe('en');
  });

  it('searches with the words that matter', () => {
    expect(searchableQuestion('Hi! How do I get a refund for my order?')).toBe('refund order?');
    expect(searchableQuestion('Hello?')).toBe('');
    expect(searchableQuestion('你好，我想退款')).toBe('退款');
    expect([...contentTerms('Where is my refund?')]).toEqual(['refund']);
    expect(sharesContent(contentTerms('我想退款'), '退款政策')).toBe(true);
    expect(sharesContent(contentTerms('退款'), '退货')).toBe(false);
    expect(sharesContent(contentTerms('你好，可以帮我把订单包装吗'), '请帮我把发票抬头改掉')).toBe(
      false,
    );
    expect(nearTheBest([{ score: 10 }, { score: 4 }, { score: 2 }])).toEqual([
      { score: 10 },
      { score: 4 },
    ]);
  });

  it('drafts an article with an escaped answer and a short title', () => {
    expect(
      articleDraft({
        subject: null,
        exchange: { question: 'Can I pay\nby <b>card</b>?', answer: 'Yes.\n\nVisa & Mastercard.' },
        firstQuestion: '',
      }),
    ).toEqual({
      title: 'Can I pay',
      question: 'Can I pay by <b>card</b>?',
      bodyHtml: '<p>Yes.</p><p>Visa &amp; Mastercard.</p>',
    });
    expect(draftTitle(null, 'word '.repeat(40))).toMatch(/^(word ){23}word…$/);
  });
});
