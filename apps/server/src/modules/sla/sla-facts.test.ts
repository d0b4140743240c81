import { describe, expect, it } from 'vitest';
import { factsOf } from './sla-facts.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 7, 2, minutes));

describe('SLA facts from rows', () => {
  it('takes the creation status from the first change, then every change in order', () => {
    const facts = factsOf(
      { created_at: at(0), status: 'pending' },
      [{ created_at: at(0), author_type: 'customer', visibility: 'public' }],
      [
        { created_at: at(5), from: 'new', to: 'open' },
        { created_at: at(9), from: 'open', to: 'pending' },
      ],
    );
    expect(facts.statuses.map((s) => [s.at, s.status])).toEqual([
      [at(0).getTime(), 'new'],
      [at(5).getTime(), 'open'],
      [at(9).getTime(), 'pending'],
    ]);
    expect(facts.messages).toEqual([
      { at: at(0).getTime(), author: 'customer', visibility: 'public' },
    ]);
  });

  it('counts a status set without a timeline entry (a merge closing it) from the last update', () => {
    const facts = factsOf(
      { created_at: at(0), updated_at: at(30), status: 'closed' },
      [],
      [{ created_at: at(5), from: 'new', to: 'open' }],
    );
    expect(facts.statuses.at(-1)).toEqual({ at: at(30).getTime(), status: 'closed' });
  });

  it('reads epoch milliseconds as they come (the evaluation page)', () => {
    const facts = factsOf({ created_at: at(0).getTime(), status: 'new' }, [], []);
    expect(facts.statuses).toEqual([{ at: at(0).getTime(), status: 'new' }]);
  });
});
