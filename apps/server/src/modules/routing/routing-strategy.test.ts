import { describe, expect, it } from 'vitest';
import { type Candidate, type TeamPolicy, type Waiting, chooseAgent } from './routing-strategy.ts';

const agent = (userId: string, over: Partial<Candidate> = {}): Candidate => ({
  userId,
  load: {},
  capacity: { chat: 3, email: 10 },
  lastAssignedAt: null,
  skills: {},
  ...over,
});
const waiting = (over: Partial<Waiting> = {}): Waiting => ({
  conversationId: 'c1',
  channel: 'chat',
  requiredSkills: [],
  queuedAt: 0,
  declinedBy: [],
  previousAgentId: null,
  ...over,
});
const policy = (strategy: TeamPolicy['strategy'], skillRelaxSeconds: number | null = null) => ({
  strategy,
  skillRelaxSeconds,
});
const pick = (p: TeamPolicy, w: Waiting, agents: Candidate[], now = 0) =>
  chooseAgent(p, w, agents, now)?.userId ?? null;

describe('chooseAgent', () => {
  it('never picks for a manual team', () => {
    expect(pick(policy('manual'), waiting(), [agent('a')])).toBeNull();
  });

  it('never goes over capacity on the conversation’s channel', () => {
    const full = agent('a', { load: { chat: 3 } });
    expect(pick(policy('balanced'), waiting(), [full])).toBeNull();
    expect(pick(policy('balanced'), waiting({ channel: 'email' }), [full])).toBe('a');
    expect(pick(policy('round_robin'), waiting({ channel: 'phone' }), [agent('b')])).toBeNull();
  });

  it('round robin takes the agent routed to least recently, never-routed first', () => {
    const agents = [
      agent('a', { lastAssignedAt: 300 }),
      agent('b', { lastAssignedAt: 100 }),
      agent('c', { lastAssignedAt: 200, load: { chat: 2 } }),
    ];
    expect(pick(policy('round_robin'), waiting(), agents)).toBe('b');
    expect(pick(policy('round_robin'), waiting(), [...agents, agent('d')])).toBe('d');
  });

  it('balanced takes the fewest open conversations, a tie to the one idle longest', () => {
    const agents = [
      agent('a', { load: { chat: 2 }, lastAssignedAt: 1 }),
      agent('b', { load: { chat: 1 }, lastAssignedAt: 500 }),
      agent('c', { load: { email: 1 }, lastAssignedAt: 400 }),
    ];
    expect(pick(policy('balanced'), waiting(), agents)).toBe('c');
  });

  it('skips agents who let this conversation’s offer time out', () => {
    const agents = [agent('a'), agent('b', { load: { chat: 2 } })];
    expect(pick(policy('balanced'), waiting({ declinedBy: ['a'] }), agents)).toBe('b');
  });

  it('offers it to them again only when nobody else has room', () => {
    const agents = [agent('a'), agent('b', { load: { chat: 3 } })];
    expect(pick(policy('round_robin'), waiting({ declinedBy: ['a'] }), agents)).toBe('a');
  });

  describe('skills', () => {
    const needs = waiting({
      requiredSkills: [
        { skillId: 'zh', minLevel: 5, optional: false },
        { skillId: 'billing', minLevel: 3, optional: true },
      ],
      queuedAt: 1000,
    });
    const agents = [
      agent('both', { skills: { zh: 7, billing: 3 }, load: { chat: 2 } }),
      agent('zhOnly', { skills: { zh: 9 } }),
      agent('weakZh', { skills: { zh: 4, billing: 10 } }),
    ];

    it('needs every skill at its level, optional ones included before the wait', () => {
      expect(pick(policy('skills', 60), needs, agents, 1000 + 59_000)).toBe('both');
    });

    it('drops optional skills after the configured wait, then balances', () => {
      expect(pick(policy('skills', 60), needs, agents, 1000 + 60_000)).toBe('zhOnly');
    });

    it('never drops required skills, and keeps optional ones without a wait set', () => {
      const onlyWeak = [agents[2]!];
      expect(pick(policy('skills', 0), needs, onlyWeak, 10_000_000)).toBeNull();
      expect(pick(policy('skills', null), needs, [agents[1]!], 10_000_000)).toBeNull();
    });
  });

  describe('sticky', () => {
    const agents = [agent('a', { load: { chat: 2 } }), agent('b')];

    it('returns a customer to the agent who served them last when they have room', () => {
      expect(pick(policy('sticky'), waiting({ previousAgentId: 'a' }), agents)).toBe('a');
    });

    it('falls back to balanced when that agent is full, offline or unknown', () => {
      const full = [agent('a', { load: { chat: 3 } }), agent('b')];
      expect(pick(policy('sticky'), waiting({ previousAgentId: 'a' }), full)).toBe('b');
      expect(pick(policy('sticky'), waiting({ previousAgentId: 'gone' }), agents)).toBe('b');
      expect(pick(policy('sticky'), waiting(), agents)).toBe('b');
    });
  });
});
