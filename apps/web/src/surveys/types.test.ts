import { describe, expect, it } from 'vitest';
import { reasonsFromText, reasonsToText } from './types.ts';

describe('survey reasons as text', () => {
  it('round-trips, keeps ids of unchanged reasons and fills a missing language', () => {
    const previous = [{ id: 'slow', en: 'Took too long', zh: '等待时间太长' }];
    expect(reasonsFromText(reasonsToText(previous), previous)).toEqual(previous);
    expect(reasonsFromText('Took too long | 太久\nRude agent\n\n退款 | ', previous)).toEqual([
      { id: 'slow', en: 'Took too long', zh: '太久' },
      { id: 'rude-agent', en: 'Rude agent', zh: 'Rude agent' },
      { id: 'reason-3', en: '退款', zh: '退款' },
    ]);
  });
});
