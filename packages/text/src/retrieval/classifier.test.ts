import { describe, expect, it } from 'vitest';
import { QuestionClassifier, classifierFeatures, classifierFor } from './classifier.ts';
import { confidenceOf } from './confidence.ts';
import { RetrievalIndex, type RetrievalDocument } from './retrieval-index.ts';

const cards: RetrievalDocument[] = [
  {
    id: 'freeze',
    language: 'en',
    title: 'Freeze a card',
    body: '',
    questions: [
      'freeze my card',
      'can you freeze it',
      'please freeze my account',
      'I want to freeze',
    ],
  },
  {
    id: 'lost',
    language: 'en',
    title: 'Lost card',
    body: '',
    questions: ['I lost my card', 'my card is lost', 'card lost what now', 'lost it'],
  },
  {
    id: 'limit',
    language: 'en',
    title: 'Card limit',
    body: '',
    questions: [
      'what is my card limit',
      'raise the limit on my card',
      'card limit too low',
      'limit',
    ],
  },
];

const examples = cards.flatMap((card, label) =>
  [card.title, ...card.questions].map((text) => ({ text, label })),
);

describe('classifierFeatures', () => {
  it('has the stems, stem pairs and the character 3-grams of each word with its boundaries', () => {
    const features = classifierFeatures('Refunds late');
    expect(features).toEqual(expect.arrayContaining(['refund', 'late', 'refund late']));
    expect(features).toEqual(expect.arrayContaining(['#^re', '#ref', '#ds$', '#^la']));
    expect(classifierFeatures('退款')).toEqual(expect.arrayContaining(['退', '款', '退款']));
  });
});

describe('QuestionClassifier', () => {
  it('learns which words tell the articles apart', () => {
    const model = new QuestionClassifier(3, examples);
    const lost = model.probabilities('my card got lost');
    expect(lost[1]).toBeGreaterThan(0.6);
    expect(lost[1]).toBeGreaterThan(lost[0]! + lost[2]!);
    const limit = model.probabilities('the limit is too low');
    expect(limit[2]).toBeGreaterThan(0.6);
    // Misspelt, the word still shares character 3-grams with the examples.
    expect(model.probabilities('frezee card')[0]).toBeGreaterThan(0.5);
    const sum = lost.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 6);
  });

  it('is trained the same way every time and reused for the same examples', () => {
    const a = new QuestionClassifier(3, examples).probabilities('card lost');
    const b = new QuestionClassifier(3, examples).probabilities('card lost');
    expect(Array.from(a)).toEqual(Array.from(b));
    const first = classifierFor(3, examples);
    expect(classifierFor(3, [...examples])).toBe(first);
    expect(classifierFor(3, [...examples, { text: 'card stolen', label: 1 }])).not.toBe(first);
  });
});

describe('RetrievalIndex with the question classifier', () => {
  function index(classifierWeight?: number, classifierBudget?: number): RetrievalIndex {
    const built = new RetrievalIndex({
      ...(classifierWeight === undefined ? {} : { classifierWeight }),
      ...(classifierBudget === undefined ? {} : { classifierBudget }),
    });
    for (const card of cards) built.add(card);
    return built;
  }

  it('adds the probability to the ranking: the article whose questions use the words wins', () => {
    // BM25 alone prefers "lost" ("card lost what now" shares two words); the classifier has
    // learnt that "freeze" is what tells the freeze article's questions apart.
    const query = 'freeze what now';
    expect(index(0).search(query, { language: 'en' })[0]?.id).toBe('lost');
    const [top] = index().search(query, { language: 'en' });
    expect(top?.id).toBe('freeze');
    expect(top?.signals.probability).toBeGreaterThan(0.5);
    expect(top!.score).toBeLessThanOrEqual(2);
  });

  it('is retrained after a change and left out when over its budget or turned off', () => {
    const built = index();
    expect(built.search('card lost', { language: 'en' })[0]?.signals.probability).toBeGreaterThan(
      0.5,
    );
    built.add({ ...cards[1]!, questions: ['stolen wallet'], title: 'Stolen wallet' });
    const [stolen] = built.search('stolen wallet', { language: 'en' });
    expect(stolen?.id).toBe('lost');
    expect(stolen?.signals.probability).toBeGreaterThan(0.5);
    expect(index(0).search('card lost')[0]?.signals.probability).toBeUndefined();
    expect(index(1, 10).search('card lost')[0]?.signals.probability).toBeUndefined();
  });

  it('gives more confidence to a more probable article, all else equal', () => {
    const low = confidenceOf({ coverage: 1, margin: 0.2, probability: 0.2 });
    const high = confidenceOf({ coverage: 1, margin: 0.2, probability: 0.9 });
    expect(high).toBeGreaterThan(low);
    expect(confidenceOf({ coverage: 1, margin: 0.2 })).not.toBe(low);
  });
});
