import { describe, expect, it } from 'vitest';
import { RetrievalIndex, type RetrievalDocument } from './retrieval-index.ts';
import { editDistance } from './typos.ts';
import { splitPassages } from './passages.ts';

const articles: RetrievalDocument[] = [
  {
    id: 'refund',
    language: 'en',
    title: 'Refund policy',
    body: 'You can return any item within 30 days.\n\nRefunds reach your card within 5 business days after we receive the parcel.',
    questions: ['How do I get my money back?', 'When will I receive my refund?'],
  },
  {
    id: 'shipping',
    language: 'en',
    title: 'Shipping times',
    body: 'Orders ship within one day. Delivery takes 2 to 4 days.',
    questions: ['Where is my order?', 'How long does delivery take?'],
  },
  {
    id: 'password',
    language: 'en',
    title: 'Resetting your password',
    body: 'Open Settings, choose Security and click Reset password.',
    questions: ['I forgot my password', 'How do I change my password?'],
  },
  {
    id: 'refund-zh',
    language: 'zh-CN',
    title: '退款政策',
    body: '收到退货后，退款会在5个工作日内退回原支付账户。',
    questions: ['退款多久到账？', '怎么申请退款'],
  },
  {
    id: 'shipping-zh',
    language: 'zh-CN',
    title: '物流与配送',
    body: '订单一般在24小时内发货，快递2到4天送达。',
    questions: ['我的订单物流到哪了', '快递什么时候到'],
  },
];

function buildIndex(): RetrievalIndex {
  const index = new RetrievalIndex();
  for (const article of articles) index.add(article);
  return index;
}

describe('RetrievalIndex', () => {
  it('finds the article whose question matches, with the passage that matched', () => {
    const [top] = buildIndex().search('when do I receive my refund', { language: 'en' });
    expect(top?.id).toBe('refund');
    expect(top?.passage).toContain('5 business days');
  });

  it('gives a confident answer to a close question and low confidence to an unrelated one', () => {
    const index = buildIndex();
    const [close] = index.search('I forgot my password', { language: 'en' });
    const [unrelated] = index.search('is the museum open on sunday', { language: 'en' });
    expect(close?.id).toBe('password');
    expect(close!.confidence).toBeGreaterThan(0.7);
    expect(unrelated?.confidence ?? 0).toBeLessThan(0.3);
    for (const result of index.search('password refund shipping')) {
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('tolerates English typos', () => {
    const index = buildIndex();
    expect(index.search('paswrod reset', { language: 'en' })[0]?.id).toBe('password');
    expect(index.search('refnud policy', { language: 'en' })[0]?.id).toBe('refund');
    expect(index.search('shiping tmes', { language: 'en' })[0]?.id).toBe('shipping');
  });

  it('matches Chinese without word segmentation and whatever the word order', () => {
    const index = buildIndex();
    expect(index.search('退款什么时候到账', { language: 'zh-CN' })[0]?.id).toBe('refund-zh');
    expect(index.search('什么时候到账退款', { language: 'zh' })[0]?.id).toBe('refund-zh');
    expect(index.search('快递到哪里了', { language: 'zh-CN' })[0]?.id).toBe('shipping-zh');
  });

  it('keeps to the language asked for', () => {
    const index = buildIndex();
    expect(index.search('退款', { language: 'en' })).toEqual([]);
    expect(index.search('refund', { language: 'zh-CN' })).toEqual([]);
    expect(index.search('退款').map((r) => r.id)).toContain('refund-zh');
  });

  it('forgets removed articles and replaces an article added again', () => {
    const index = buildIndex();
    index.remove('password');
    expect(index.search('forgot my password', { language: 'en' }).map((r) => r.id)).not.toContain(
      'password',
    );
    index.add({ ...articles[1]!, title: 'Delivery to the moon', questions: [] });
    expect(index.search('moon')[0]?.id).toBe('shipping');
    expect(index.size).toBe(4);
    index.remove('no-such-article');
    expect(index.size).toBe(4);
  });

  it('stays correct after many removals compact its postings', () => {
    const index = new RetrievalIndex();
    for (let i = 0; i < 1500; i++)
      index.add({
        id: `a${i}`,
        language: 'en',
        title: `topic${i} guide`,
        body: 'filler text',
        questions: [],
      });
    for (let i = 0; i < 1400; i++) index.remove(`a${i}`);
    expect(index.size).toBe(100);
    expect(index.search('topic1450 guide')[0]?.id).toBe('a1450');
    expect(index.search('topic5 guide').map((r) => r.id)).not.toContain('a5');
  });

  it('counts term rarity among the articles of the language searched', () => {
    const index = new RetrievalIndex();
    for (let i = 0; i < 40; i++)
      index.add({ id: `en${i}`, language: 'en', title: `guide ${i}`, body: '', questions: [] });
    for (let i = 0; i < 10; i++)
      index.add({ id: `zh${i}`, language: 'zh-CN', title: `的说明${i}`, body: '', questions: [] });
    index.add({ id: 'zh-refund', language: 'zh-CN', title: '退款的说明', body: '', questions: [] });
    // 的 and 说明 are in every Chinese article: as common as "the", they decide nothing.
    expect(index.search('的说明', { language: 'zh-CN' })).toEqual([]);
    expect(index.search('退款的说明', { language: 'zh-CN' })[0]?.id).toBe('zh-refund');
  });

  it('respects the limit and finds nothing for an empty query', () => {
    const index = buildIndex();
    expect(index.search('my order refund password delivery', { limit: 2 })).toHaveLength(2);
    expect(index.search('   ')).toEqual([]);
  });
});

describe('helpers', () => {
  it('measures edit distance with adjacent swaps as one edit', () => {
    expect(editDistance('recieve', 'receive', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('abc', 'abcdef', 1)).toBe(2);
  });

  it('splits a body into paragraphs and cuts long ones at sentence ends', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const passages = splitPassages(`First.\n\n${long}`);
    expect(passages[0]).toBe('First.');
    expect(passages.length).toBeGreaterThan(2);
    for (const passage of passages.slice(1)) {
      expect(passage.length).toBeLessThanOrEqual(400);
      expect(passage.endsWith('.')).toBe(true);
    }
  });
});
