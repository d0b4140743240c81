import { describe, expect, it } from 'vitest';
import { renderCannedResponse } from '../lib/contracts-runtime.ts';
import { insertAt, slashQueryAt } from './canned.ts';

describe('slashQueryAt', () => {
  it('finds a command at the start or after a space', () => {
    expect(slashQueryAt('/ref', 4)).toEqual({ start: 0, query: 'ref' });
    expect(slashQueryAt('Hi /退', 5)).toEqual({ start: 3, query: '退' });
    expect(slashQueryAt('Hi /', 4)).toEqual({ start: 3, query: '' });
  });

  it('ignores slashes inside words, URLs and dates', () => {
    expect(slashQueryAt('see https://a.b/c', 17)).toBeNull();
    expect(slashQueryAt('on 1/2', 6)).toBeNull();
    expect(slashQueryAt('/ref done', 9)).toBeNull();
  });
});

describe('inserting a canned response', () => {
  it('replaces the command with the filled text', () => {
    const text = 'Hello /refu';
    const slash = slashQueryAt(text, text.length)!;
    const body = renderCannedResponse('Hi {{customer.name}}, refund sent.', {
      'customer.name': '赵磊',
    });
    expect(insertAt(text, slash, body)).toEqual({
      text: 'Hello Hi 赵磊, refund sent.',
      caret: 'Hello Hi 赵磊, refund sent.'.length,
    });
  });
});
