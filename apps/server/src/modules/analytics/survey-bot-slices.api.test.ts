import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsConversationPage, BotReport, SurveyReport } from '@kefu/contracts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { manualClock } from '../../test/mail.ts';
import { addMember } from '../../test/members.ts';

const MIN = 60_000;
// Workspace zone Asia/Shanghai (UTC+8). Day 1 is 1 December there, from 2026-11-30T16:00Z.
const DAY1 = Date.parse('2026-12-01T02:00:00Z'); // 10:00 on 1 December in Shanghai
const DAY3 = Date.parse('2026-12-02T16:30:00Z'); // 00:30 on 3 December in Shanghai (2 Dec in UTC)
const range = { from: '2026-11-30T16:00:00.000Z', to: '2026-12-03T16:00:00.000Z' };

/**
 * Survey and bot reports sliced as every report, on hand-built data with the expected numbers
 * worked out by hand in the comments. Five conversations on day 1 and one on day 3:
 *
 * | # | channel | team at rating → now  | agent at rating | tier     | CSAT (5-pt) | NPS | CES | bot         |
 * | 1 | chat    | Billing               | owner           | standard | 5 good      | 10  | 6   | confirmed   |
 * | 2 | chat    | Billing               | owner           | vip      | 4 good      | 9   | 2   | assumed     |
 * | 3 | email   | Logistics             | agent           | standard | 1 bad       | 3   |     |             |
 * | 4 | email   | Logistics             | agent           | vip      | 5 good (d3) | 10  |     |             |
 * | 5 | chat    | Logistics → Billing   | agent → owner   | vip      | 2 bad (d3)  | 0   |     | handed_over |
 * | 6 | chat    | none (created day 3)  |                 | standard |             |     |     | unanswered  |
 */
describe.each(databaseKinds)('survey and bot reports by slice on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;
  let token: string;
  const clock = manualClock(DAY1);
  const teams: Record<'billing' | 'logistics', string> = { billing: '', logistics: '' };
  const conversations: string[] = [];
  let refundTag = '';

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    kefu.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(owner) });
  async function ok<T>(response: Promise<{ statusCode: number; body: string }>) {
    const r = await response;
    if (r.statusCode >= 300) throw new Error(`${r.statusCode}: ${r.body}`);
    return JSON.parse(r.body || 'null') as T;
  }
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ ...range, ...extra }).toString();
  const surveyReport = (extra: Record<string, string> = {}) =>
    ok<SurveyReport>(call('GET', `/api/v1/surveys/report?${query(extra)}`));
  const botReport = (extra: Record<string, string> = {}) =>
    ok<BotReport>(call('GET', `/api/v1/answer-bot/report?${query(extra)}`));
  const drill = async (extra: Record<string, string>) => {
    const page = await ok<AnalyticsConversationPage>(
      call('GET', `/api/v1/analytics/conversations?${query(extra)}`),
    );
    return page.items.map((c) => c.number).sort((a, b) => a - b);
  };
  const numbers: number[] = [];
  /** Conversation numbers by our index (1-based as in the table). */
  const n = (...indexes: number[]) => indexes.map((i) => numbers[i - 1]!).sort((a, b) => a - b);

  async function answer(conversationId: string, kind: string, score: number, comment?: string) {
    const request = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/requests',
      headers: bearer(),
      payload: { conversationId, kind },
    });
    expect(request.statusCode, request.body).toBe(201);
    const response = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/requests/${request.json<{ id: string }>().id}/response`,
      headers: bearer(),
      payload: { score, ...(comment ? { comment } : {}) },
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  async function session(index: number, outcome: string) {
    const row = await kefu.database.db
      .selectFrom('conversations')
      .select(['customer_id', 'created_at'])
      .where('id', '=', conversations[index - 1]!)
      .executeTakeFirstOrThrow();
    await kefu.database.db
      .insertInto('answer_bot_sessions')
      .values({
        id: crypto.randomUUID(),
        workspace_id: owner.workspaceId,
        conversation_id: conversations[index - 1]!,
        customer_id: row.customer_id,
        outcome: outcome as 'confirmed',
        started_at: row.created_at,
      })
      .execute();
  }

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock });
    owner = await signUp(kefu.app, 'Slices');
    agent = await addMember(kefu.app, owner, 'agent');
    token = await createApiToken(kefu, owner.workspaceId, ['conversations:write']);
    await ok(call('PATCH', '/api/v1/workspace', { timezone: 'Asia/Shanghai' }));
    teams.billing = (
      await ok<{ id: string }>(call('POST', '/api/v1/teams', { name: 'Billing' }))
    ).id;
    teams.logistics = (
      await ok<{ id: string }>(call('POST', '/api/v1/teams', { name: 'Logistics' }))
    ).id;
    const customer = async (name: string, tier: string, locale: string) =>
      (await ok<{ id: string }>(call('POST', '/api/v1/customers', { name, tier, locale }))).id;
    const standard = await customer('Li Lei', 'standard', 'en');
    const vip = await customer('韩梅梅', 'vip', 'zh-CN');
    const rows: [string, string | null, string | null, string, boolean][] = [
      ['chat', teams.billing, owner.userId, standard, true],
      ['chat', teams.billing, owner.userId, vip, false],
      ['email', teams.logistics, agent.userId, standard, false],
      ['email', teams.logistics, agent.userId, vip, false],
      ['chat', teams.logistics, agent.userId, vip, false],
    ];
    for (const [channel, teamId, assigneeId, customerId, refund] of rows) {
      clock.advance(MIN);
      const created = await ok<{ id: string; number: number }>(
        call('POST', '/api/v1/conversations', {
          channel,
          subject: `Case ${conversations.length + 1}`,
          customer: { id: customerId },
          message: { body: 'Where is my order?' },
          teamId,
          assigneeId,
          ...(refund ? { tags: ['refund'] } : {}),
        }),
      );
      conversations.push(created.id);
      numbers.push(created.number);
    }
    refundTag = (
      await kefu.database.db
        .selectFrom('tags')
        .select('id')
        .where('workspace_id', '=', owner.workspaceId)
        .where('name', '=', 'refund')
        .executeTakeFirstOrThrow()
    ).id;
    const [c1, c2, c3, c4, c5] = conversations as [string, string, string, string, string];
    // Day 1: conversations 1–3 rated.
    await answer(c1, 'csat', 5);
    await answer(c2, 'csat', 4);
    await answer(c3, 'csat', 1, '=HYPERLINK("https://example.com")');
    await answer(c1, 'nps', 10);
    await answer(c2, 'nps', 9);
    await answer(c3, 'nps', 3);
    await answer(c1, 'ces', 6);
    await answer(c2, 'ces', 2);
    // Day 3 (Shanghai; still 2 December in UTC): 4 and 5 rated, then 5 moves to Billing/owner.
    clock.advance(DAY3 - clock.now().getTime());
    await answer(c4, 'csat', 5);
    await answer(c5, 'csat', 2);
    await answer(c4, 'nps', 10);
    await answer(c5, 'nps', 0);
    await ok(
      call('PATCH', `/api/v1/conversations/${c5}`, {
        teamId: teams.billing,
        assigneeId: owner.userId,
      }),
    );
    const sixth = await ok<{ id: string; number: number }>(
      call('POST', '/api/v1/conversations', {
        channel: 'chat',
        subject: 'Case 6',
        customer: { id: standard },
        message: { body: 'Can a bot help?' },
      }),
    );
    conversations.push(sixth.id);
    numbers.push(sixth.number);
    await session(1, 'confirmed');
    await session(2, 'assumed');
    await session(5, 'handed_over');
    await session(6, 'unanswered');
  });

  afterAll(async () => {
    await kefu?.close();
  });

  it('CSAT by team goes to the team at rating time, not the team now', async () => {
    // Billing: 1 and 2 good → 100%. Logistics: 3 bad, 4 good, 5 bad (rated under Logistics,
    // now in Billing) → 1/3 = 33.3%. By current team it would be 66.7% and 50%.
    const billing = await surveyReport({ teamId: teams.billing });
    expect(billing.overall.csat).toEqual({ good: 2, bad: 0, percent: 100 });
    const logistics = await surveyReport({ teamId: teams.logistics });
    expect(logistics.overall.csat).toEqual({ good: 1, bad: 2, percent: 33.3 });
    // The same attribution in the unfiltered report's rows per team and agent.
    const all = await surveyReport();
    expect(all.overall.csat).toEqual({ good: 3, bad: 2, percent: 60 });
    expect(all.byTeam.find((r) => r.teamId === teams.logistics)?.csat.percent).toBe(33.3);
    expect(all.byAgent.find((r) => r.agentId === agent.userId)?.csat).toEqual({
      good: 1,
      bad: 2,
      percent: 33.3,
    });
    // The agent slice: owner rated 1, 2 (good) only.
    expect((await surveyReport({ agentId: owner.userId })).overall.csat.percent).toBe(100);
    // Verbatims follow the slice: the comment on 3 is Logistics'.
    expect(logistics.comments.map((c) => c.conversationNumber)).toEqual(n(3));
    expect(billing.comments).toEqual([]);
  });

  it('NPS for a tier, CSAT for a channel, tag and language', async () => {
    // VIP: 2 (9), 4 (10) promoters, 5 (0) detractor → (2 − 1) / 3 = 33.3.
    const vip = await surveyReport({ tier: 'vip' });
    expect(vip.overall.nps).toEqual({
      responses: 3,
      promoters: 2,
      passives: 0,
      detractors: 1,
      score: 33.3,
    });
    // Standard: 1 (10) promoter, 3 (3) detractor → 0.
    expect((await surveyReport({ tier: 'standard' })).overall.nps.score).toBe(0);
    // Chat: 1, 2 good, 5 bad → 66.7%; email: 3 bad, 4 good → 50%.
    expect((await surveyReport({ channel: 'chat' })).overall.csat.percent).toBe(66.7);
    expect((await surveyReport({ channel: 'email' })).overall.csat.percent).toBe(50);
    // CES on chat: 6 and 2 → mean 4, agree 50%; none on email.
    const chat = await surveyReport({ channel: 'chat' });
    expect(chat.overall.ces).toMatchObject({ responses: 2, mean: 4, agreePercent: 50 });
    expect((await surveyReport({ channel: 'email' })).overall.ces.responses).toBe(0);
    // Tag refund: only 1. Language zh-CN (the VIP customer): 2, 4, 5 → CSAT 2/3.
    expect((await surveyReport({ tagId: refundTag })).overall.csat).toEqual({
      good: 1,
      bad: 0,
      percent: 100,
    });
    expect((await surveyReport({ language: 'zh-CN' })).overall.csat.percent).toBe(66.7);
  });

  it('the survey series is by day in the workspace zone', async () => {
    const report = await surveyReport({ groupBy: 'day' });
    expect(report.timezone).toBe('Asia/Shanghai');
    expect(report.series.map((p) => p.label)).toEqual([
      '2026-12-01T00:00',
      '2026-12-02T00:00',
      '2026-12-03T00:00',
    ]);
    // 1 December: 1, 2 good, 3 bad → 66.7%. 3 December (2 December in UTC): 4 good, 5 bad.
    expect(report.series.map((p) => p.csat.percent)).toEqual([66.7, null, 50]);
    expect(report.series.map((p) => p.nps.score)).toEqual([33.3, null, 0]);
    const hours = await surveyReport({ groupBy: 'hour', teamId: teams.logistics });
    expect(hours.series).toHaveLength(72);
    expect(hours.series.filter((p) => p.csat.good + p.csat.bad > 0).map((p) => p.label)).toEqual([
      '2026-12-01T10:00',
      '2026-12-03T00:00',
    ]);
    const long = await call(
      'GET',
      `/api/v1/surveys/report?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=hour`,
    );
    expect(long.statusCode).toBe(400);
  });

  it('a survey number drills down to its conversations, attributed at rating time', async () => {
    expect(await drill({ metric: 'csat_bad', teamId: teams.logistics })).toEqual(n(3, 5));
    expect(await drill({ metric: 'csat_good', tier: 'vip' })).toEqual(n(2, 4));
    expect(await drill({ metric: 'nps_detractor' })).toEqual(n(3, 5));
    expect(await drill({ metric: 'csat_rated', agentId: owner.userId })).toEqual(n(1, 2));
    expect(await drill({ metric: 'ces_agree', channel: 'chat' })).toEqual(n(1));
    // A bucket of the series: 3 December (Shanghai) only.
    expect(
      await drill({
        metric: 'csat_rated',
        from: '2026-12-02T16:00:00.000Z',
        to: '2026-12-03T16:00:00.000Z',
      }),
    ).toEqual(n(4, 5));
  });

  it('bot involvement, resolution and automation per channel, team and tier', async () => {
    // All: 6 new, 4 sessions, 2 resolved (1 confirmed, 2 assumed) → automation 1/3.
    const all = await botReport();
    expect(all).toMatchObject({
      newConversations: 6,
      involved: 4,
      confirmed: 1,
      assumed: 1,
      handedOver: 1,
      unanswered: 1,
      resolutionRate: 0.5,
    });
    expect(all.automationRate).toBeCloseTo(1 / 3, 10);
    // Chat: 1, 2, 5, 6 new, all involved, 1 and 2 resolved → automation 2/4.
    const chat = await botReport({ channel: 'chat' });
    expect(chat).toMatchObject({
      newConversations: 4,
      involved: 4,
      involvementRate: 1,
      automationRate: 0.5,
    });
    // Email: 3, 4 new, no bot → involvement 0, automation 0, resolution undefined.
    expect(await botReport({ channel: 'email' })).toMatchObject({
      newConversations: 2,
      involved: 0,
      involvementRate: 0,
      resolutionRate: null,
      automationRate: 0,
    });
    // Team now (the conversation's facts): Billing has 1, 2, 5 → 2 of 3 automated.
    const billing = await botReport({ teamId: teams.billing });
    expect(billing.newConversations).toBe(3);
    expect(billing.automationRate).toBeCloseTo(2 / 3, 10);
    // VIP: 2, 4, 5 new; 2 (assumed) and 5 (handed over) involved → automation 1/3.
    const vip = await botReport({ tier: 'vip' });
    expect(vip).toMatchObject({ newConversations: 3, involved: 2, assumed: 1, confirmed: 0 });
    expect(vip.involvementRate).toBeCloseTo(2 / 3, 10);
    // The series by Shanghai day: 1–5 on 1 December (2 of 5 automated), 6 on 3 December.
    expect(
      all.series.map((p) => [p.label, p.newConversations, p.involved, p.automationRate]),
    ).toEqual([
      ['2026-12-01T00:00', 5, 3, 0.4],
      ['2026-12-02T00:00', 0, 0, null],
      ['2026-12-03T00:00', 1, 1, 0],
    ]);
  });

  it('a bot number drills down to its conversations', async () => {
    expect(await drill({ metric: 'bot_resolved', channel: 'chat' })).toEqual(n(1, 2));
    expect(await drill({ metric: 'bot_involved', tier: 'vip' })).toEqual(n(2, 5));
    expect(await drill({ metric: 'bot_unanswered' })).toEqual(n(6));
    expect(await drill({ metric: 'bot_confirmed', channel: 'email' })).toEqual([]);
  });

  it('agents may not read the sliced reports', async () => {
    const asAgent = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/report?${query({ channel: 'chat' })}`,
      ...as(agent),
    });
    expect(asAgent.statusCode).toBe(403);
    const bad = await call('GET', `/api/v1/answer-bot/report?${query({ channel: 'fax' })}`);
    expect(bad.statusCode).toBe(400);
  });
});
