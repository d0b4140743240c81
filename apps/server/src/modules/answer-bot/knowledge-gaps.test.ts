import { describe, expect, it } from 'vitest';
import { groupQuestions } from './knowledge-gaps.ts';

const at = new Date('2026-11-02T09:00:00Z');
const ask = (question: string, locale: string | null = 'en') => ({
  question,
  locale,
  createdAt: at,
});

describe('knowledge gaps', () => {
  it('groups similar questions and keeps different ones apart, biggest group first', () => {
    const groups = groupQuestions([
      ask('how do I pay with bitcoin'),
      ask('do you offer gift wrapping'),
      ask('gift wrapping available?'),
      ask('how do I return a sofa'),
      ask('free gift wrapping?'),
    ]);
    expect(groups.map((g) => [g.question, g.count])).toEqual([
      ['do you offer gift wrapping', 3],
      ['how do I pay with bitcoin', 1],
      ['how do I return a sofa', 1],
    ]);
    expect(groups[0]!.examples).toHaveLength(3);
  });

  it('groups Chinese questions whatever the word order, and never across languages', () => {
    const groups = groupQuestions([
      ask('怎么开发票', 'zh-CN'),
      ask('发票怎么开', 'zh-CN'),
      ask('发票 invoice', 'en'),
    ]);
    expect(groups.map((g) => [g.locale, g.count])).toEqual([
      ['zh-CN', 2],
      ['en', 1],
    ]);
  });
});
