import { describe, expect, it } from 'vitest';
import { articleInsertion, insertBlock } from './assist-insert.ts';

describe('inserting suggestions', () => {
  it('links public articles and inserts only the text of internal ones', () => {
    const article = { title: 'Refunds', passage: 'Refunds take 5 days.' };
    expect(
      articleInsertion({ ...article, url: 'https://kefu.example/help/acme/en/articles/1' }),
    ).toBe('Refunds take 5 days.\n\nRefunds: https://kefu.example/help/acme/en/articles/1');
    expect(articleInsertion({ ...article, url: null })).toBe('Refunds take 5 days.');
  });

  it('inserts at the caret as a paragraph of its own', () => {
    expect(insertBlock('', 0, 'Text')).toEqual({ text: 'Text', caret: 4 });
    expect(insertBlock('Hi,', 3, 'Text')).toEqual({ text: 'Hi,\n\nText', caret: 9 });
    expect(insertBlock('Hi,\n\nBye', 5, 'Text')).toEqual({ text: 'Hi,\n\nText\n\nBye', caret: 9 });
    expect(insertBlock('  ', 2, 'Text')).toEqual({ text: 'Text', caret: 4 });
  });
});
