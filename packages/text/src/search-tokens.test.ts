import { describe, expect, it } from 'vitest';
import { indexTokens, queryTokens } from './search-tokens.ts';

/** Whether every query token is among the document's tokens, as `@@ plainto_tsquery` decides. */
function matches(document: string, query: string): boolean {
  const indexed = new Set(indexTokens(document).split(' '));
  const wanted = queryTokens(query).split(' ').filter(Boolean);
  return wanted.length > 0 && wanted.every((t) => indexed.has(t));
}

describe('search tokens', () => {
  it('finds a Chinese word inside a sentence without spaces', () => {
    expect(matches('我的订单物流到哪了', '物流')).toBe(true);
    expect(matches('我的订单物流到哪了', '订单物流')).toBe(true);
  });

  it('does not confuse words that share a character', () => {
    expect(matches('我想申请退货', '退款')).toBe(false);
    expect(matches('退款什么时候到账', '退款')).toBe(true);
  });

  it('matches a single Chinese character', () => {
    expect(matches('我的订单物流到哪了', '单')).toBe(true);
    expect(matches('我的订单物流到哪了', '猫')).toBe(false);
  });

  it('stems and lower-cases English', () => {
    expect(matches('Refunds take 5 days', 'refund')).toBe(true);
    expect(matches('I want a refund', 'Refunds')).toBe(true);
    expect(matches('Refunds take 5 days', 'shipping')).toBe(false);
  });

  it('handles mixed text and punctuation', () => {
    expect(matches('订单号：A-1234，物流delayed!', 'delay')).toBe(true);
    expect(matches('订单号：A-1234，物流delayed!', '1234')).toBe(true);
    expect(queryTokens('!!! ...')).toBe('');
  });

  it('bounds the indexed text', () => {
    expect(indexTokens('字'.repeat(100_000)).length).toBeLessThan(100_000);
  });
});
