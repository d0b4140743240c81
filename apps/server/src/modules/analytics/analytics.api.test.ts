import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalyticsBreakdown,
  AnalyticsConversationPage,
  AnalyticsOverview,
  Conversation,
  DurationMetric,
} from '@kefu/contracts';
import type { FactsRow } from '../../repositories/analytics-facts.repository.ts';
import type { Kefu } from '../../server.ts';
import { createRepositories } from '../../repositories/index.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { manualClock } from '../../test/mail.ts';
import { addMember, login } from '../../test/members.ts';
import { sessionFrom } from '../../test/harness.ts';
import { factsRowOf } from './facts-row.ts';
import { recomputeOverview } from './recompute.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const START = Date.UTC(2026, 10, 1, 0, 0); // 1 November 2026
const MONTH = 30 * 24 * HOUR;

/** A small seeded PRNG (mulberry32), so a failing month can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(databaseKinds)('analytics rollups against recomputation on %s', (kind) => {
  const seed = 20261101;
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  let kefu: Kefu;
  let owner: SignedIn & { email: string };
  let agent: SignedIn & { email: string };
  let signedInAt = 0;
  let token: string;
  const clock = manualClock(START - 2 * 24 * HOUR);
  const ids = { teams: [] as string[], tags: [] as string[], agents: [] as string[] };
  const customers: string[] = [];

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, who = owner) =>
    kefu.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(who) });
  async function ok(response: Promise<{ statusCode: number; body: string }>) {
    const r = await response;
    if (r.statusCode >= 300) throw new Error(`${r.statusCode}: ${r.body}`);
    return JSON.parse(r.body || 'null') as unknown;
  }

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock });
    // The admin and the agent sign in again every few days of the month (sessions expire).
    const founder = await signUp(kefu.app, 'Reports');
    owner = await addMember(kefu.app, founder, 'admin');
    agent = await addMember(kefu.app, founder, 'agent');
    signedInAt = clock.now().getTime();
    token = await createApiToken(kefu, owner.workspaceId, ['conversations:write']);
    ids.agents = [owner.userId, agent.userId];
    for (const name of ['Billing', 'Logistics'])
      ids.teams.push(((await ok(call('POST', '/api/v1/teams', { name }))) as { id: string }).id);
    // A weekday calendar (the workspace's default for business time) and a 24/7 one that a
    // policy applies to urgent conversations.
    const weekdays = (await ok(
      call('POST', '/api/v1/business-calendars', {
        name: 'Office',
        timezone: 'Asia/Shanghai',
        intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
      }),
    )) as { id: string };
    const always = (await ok(
      call('POST', '/api/v1/business-calendars', {
        name: 'Always',
        timezone: 'Europe/Berlin',
        intervals: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: '00:00',
          end: '24:00',
        })),
      }),
    )) as { id: string };
    expect(weekdays.id).not.toBe(always.id);
    await ok(
      call('POST', '/api/v1/sla-policies', {
        name: 'Urgent',
        calendarId: always.id,
        conditions: { priorities: ['urgent'] },
        targets: (['first_reply_time', 'resolution_time'] as const).flatMap((metric) =>
          (['low', 'normal', 'high', 'urgent'] as const).map((priority) => ({
            metric,
            priority,
            minutes: 120,
            businessHours: true,
          })),
        ),
      }),
    );
    for (let i = 0; i < 8; i += 1) {
      const customer = (await ok(
        call('POST', '/api/v1/customers', {
          name: `Customer ${i}`,
          identities: [{ kind: 'email', value: `customer${i}@example.com` }],
          locale: i % 3 === 0 ? null : i % 2 ? 'zh-CN' : 'en',
          tier: i % 4 === 0 ? 'vip' : 'standard',
        }),
      )) as { id: string };
      customers.push(customer.id);
    }
    await generateMonth();
  }, 600_000);
  afterAll(() => kefu.close());

  /** A month of activity: conversations opened at random times, each with random steps. */
  async function generateMonth() {
    type Step = { at: number; run: () => Promise<unknown> };
    const steps: Step[] = [];
    const conversations = new Map<number, string>();
    for (let n = 0; n < 45; n += 1) {
      let at = START - 3 * 24 * HOUR + Math.floor(random() * (MONTH + 5 * 24 * HOUR));
      const byAgent = random() < 0.2;
      steps.push({
        at,
        run: async () => {
          const c = (await ok(
            call('POST', '/api/v1/conversations', {
              channel: pick(['chat', 'api', 'phone'] as const),
              subject: `Question ${n}`,
              customer: { id: pick(customers) },
              message: { author: byAgent ? 'agent' : 'customer', body: `Hello ${n}` },
              priority: pick(['low', 'normal', 'high', 'urgent'] as const),
              ...(random() < 0.7 ? { teamId: pick(ids.teams) } : {}),
              ...(random() < 0.5 ? { tags: [pick(['refund', 'delivery', 'invoice'])] } : {}),
            }),
          )) as Conversation;
          conversations.set(n, c.id);
        },
      });
      const count = Math.floor(random() * 9);
      for (let s = 0; s < count; s += 1) {
        at += Math.floor(random() * 30 * HOUR) + MIN;
        const action = random();
        const url = () => `/api/v1/conversations/${conversations.get(n)}`;
        const run =
          action < 0.25
            ? () =>
                kefu.app.inject({
                  method: 'POST',
                  url: `${url()}/messages`,
                  headers: { authorization: `Bearer ${token}` },
                  payload: { author: 'customer', body: 'Any news?' },
                })
            : action < 0.5
              ? () =>
                  call(
                    'POST',
                    `${url()}/messages`,
                    { body: 'We are on it', ...(random() < 0.2 ? { visibility: 'internal' } : {}) },
                    random() < 0.5 ? owner : agent,
                  )
              : action < 0.75
                ? () =>
                    call('PATCH', url(), {
                      status: pick(['open', 'pending', 'on_hold', 'solved', 'solved'] as const),
                    })
                : action < 0.88
                  ? () => call('PATCH', url(), { assigneeId: pick([...ids.agents, null]) })
                  : action < 0.94
                    ? () => call('PATCH', url(), { teamId: pick([...ids.teams, null]) })
                    : () =>
                        call('PATCH', url(), {
                          priority: pick(['low', 'normal', 'high', 'urgent'] as const),
                          tags: random() < 0.5 ? [] : ['refund'],
                        });
        steps.push({ at, run });
      }
    }
    // One conversation with three next-reply exchanges: each is a duration of its own, the
    // conversation counts once.
    const chatty = START + 2 * 24 * HOUR + 9 * HOUR;
    steps.push({
      at: chatty,
      run: async () => {
        const c = (await ok(
          call('POST', '/api/v1/conversations', {
            channel: 'chat',
            subject: 'Several questions',
            customer: { id: customers[2] },
            message: { author: 'customer', body: 'First question' },
            tags: ['delivery'],
          }),
        )) as Conversation;
        conversations.set(-1, c.id);
      },
    });
    for (let k = 1; k <= 7; k += 1) {
      const url = () => `/api/v1/conversations/${conversations.get(-1)}/messages`;
      steps.push({
        at: chatty + k * 20 * MIN,
        run:
          k % 2
            ? () => call('POST', url(), { body: `Answer ${k}` })
            : () =>
                kefu.app.inject({
                  method: 'POST',
                  url: url(),
                  headers: { authorization: `Bearer ${token}` },
                  payload: { author: 'customer', body: `Follow-up ${k}` },
                }),
      });
    }
    steps.sort((a, b) => a.at - b.at);
    for (const [i, step] of steps.entries()) {
      const delta = step.at - clock.now().getTime();
      if (delta > 0) clock.advance(delta);
      if (clock.now().getTime() - signedInAt > 3 * 24 * HOUR) await signInAgain();
      await step.run();
      // Facts are brought up to date now and then (as report reads and the worker do), so the
      // later writes must mark them dirty again for the comparison to hold.
      if (i % 7 === 0) await kefu.services.analyticsRefresher.refresh(owner.workspaceId);
    }
    await signInAgain();
    // A customer's tier changes late: every one of their conversations is re-sliced.
    await ok(call('PATCH', `/api/v1/customers/${customers[1]}`, { tier: 'vip' }));
    clock.advance(HOUR);
  }

  async function signInAgain() {
    owner = { ...sessionFrom(await login(kefu.app, owner.email)), email: owner.email };
    agent = { ...sessionFrom(await login(kefu.app, agent.email)), email: agent.email };
    signedInAt = clock.now().getTime();
  }

  /** Facts recomputed straight from the raw timeline of every conversation. */
  async function rawFacts() {
    const repos = createRepositories(kefu.database.db);
    const ids = await repos.analyticsFacts.conversationIds(owner.workspaceId, null, 10_000);
    const fallback = await repos.analyticsFacts.defaultCalendar(owner.workspaceId);
    return (await repos.analyticsFacts.timelines(ids)).map((row) => factsRowOf(row, fallback));
  }

  const range = { from: new Date(START), to: new Date(START + MONTH) };
  const queryOf = (filters: Record<string, string>) =>
    new URLSearchParams({
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      ...filters,
    }).toString();

  it('the overview equals the recomputation, unfiltered and for each kind of slice', async () => {
    const facts = await rawFacts();
    expect(facts.length).toBe(46);
    const tagId = (await ok(call('GET', '/api/v1/tags'))) as {
      items: { id: string; name: string }[];
    };
    const refund = tagId.items.find((t) => t.name === 'refund')!.id;
    const slices: Record<string, string>[] = [
      {},
      { channel: 'chat' },
      { teamId: ids.teams[0]! },
      { teamId: 'none' },
      { agentId: agent.userId },
      { agentId: 'none' },
      { priority: 'urgent' },
      { tagId: refund },
      { tier: 'vip' },
      { language: 'zh-CN' },
    ];
    for (const [slice, basis] of slices.flatMap((s) =>
      (['calendar', 'business'] as const).map((b) => [s, b] as const),
    )) {
      const overview = (await ok(
        call('GET', `/api/v1/analytics/overview?${queryOf({ ...slice, basis })}`),
      )) as AnalyticsOverview;
      const expected = recomputeOverview(facts, slice, { ...range, basis });
      const { slaTotal, slaAchieved, ...counts } = overview.counts;
      expect(slaAchieved).toBeLessThanOrEqual(slaTotal);
      expect(
        { counts, backlog: overview.backlog, durations: overview.durations },
        JSON.stringify({ ...slice, basis }),
      ).toEqual(expected);
    }
  });

  it('the numbers are not trivially empty: the month has solves, reopens and business time', async () => {
    const overview = (await ok(
      call('GET', `/api/v1/analytics/overview?${queryOf({})}`),
    )) as AnalyticsOverview;
    const business = (await ok(
      call('GET', `/api/v1/analytics/overview?${queryOf({ basis: 'business' })}`),
    )) as AnalyticsOverview;
    expect(overview.counts.created).toBeGreaterThan(20);
    expect(overview.counts.solved).toBeGreaterThan(5);
    expect(overview.counts.reopened).toBeGreaterThan(0);
    expect(overview.counts.slaTotal).toBeGreaterThan(0);
    expect(overview.durations.first_reply.count).toBeGreaterThan(5);
    expect(business.durations.first_reply.count).toBe(overview.durations.first_reply.count);
    // Some conversation has several next-reply exchanges (each counts once in the durations,
    // the conversation once in the counts).
    const facts = await rawFacts();
    expect(facts.some((f) => f.next_reply_ms.length >= 2)).toBe(true);
    expect(business.durations.full_resolution.median).toBeLessThan(
      overview.durations.full_resolution.median!,
    );
    // The series adds up to the totals.
    const sum = (k: 'created' | 'solved') => overview.series.reduce((n, p) => n + p[k], 0);
    expect(sum('created')).toBe(overview.counts.created);
    expect(sum('solved')).toBe(overview.counts.solved);
    expect(overview.series).toHaveLength(30);
  });

  it('the breakdown by team equals the recomputation per team (business hours)', async () => {
    const facts = await rawFacts();
    const breakdown = (await ok(
      call('GET', `/api/v1/analytics/breakdown?${queryOf({ by: 'team', basis: 'business' })}`),
    )) as AnalyticsBreakdown;
    for (const row of breakdown.rows) {
      const expected = recomputeOverview(
        facts,
        { teamId: row.key ?? 'none' },
        { ...range, basis: 'business' },
      );
      const { slaTotal: _t, slaAchieved: _a, ...counts } = row.counts;
      expect({ counts, backlog: row.backlog, durations: row.durations }).toEqual(expected);
    }
    expect(breakdown.rows.map((r) => r.label)).toEqual(
      expect.arrayContaining(['Billing', 'Logistics']),
    );
  });

  it('the breakdown by tag equals the recomputation per tag (a conversation counts under each)', async () => {
    const facts = await rawFacts();
    const breakdown = (await ok(
      call('GET', `/api/v1/analytics/breakdown?${queryOf({ by: 'tag' })}`),
    )) as AnalyticsBreakdown;
    const tagged = breakdown.rows.filter((r) => r.key !== null);
    expect(tagged.length).toBeGreaterThan(1);
    for (const row of tagged) {
      const expected = recomputeOverview(facts, { tagId: row.key! }, range);
      const { slaTotal: _t, slaAchieved: _a, ...counts } = row.counts;
      expect({ counts, backlog: row.backlog, durations: row.durations }).toEqual(expected);
    }
  });

  it('each point of the series equals the recomputation over its own day', async () => {
    const facts = await rawFacts();
    const overview = (await ok(
      call('GET', `/api/v1/analytics/overview?${queryOf({})}`),
    )) as AnalyticsOverview;
    const busy = overview.series.filter((p) => p.created > 0 && p.solved > 0);
    expect(busy.length).toBeGreaterThan(3);
    for (const point of overview.series) {
      const day = {
        from: new Date(point.start),
        to: new Date(point.end),
        basis: 'calendar' as const,
      };
      const expected = recomputeOverview(facts, {}, day);
      expect({
        created: point.created,
        solved: point.solved,
        firstReply: point.firstReplyMedianMs,
        fullResolution: point.fullResolutionMedianMs,
      }).toEqual({
        created: expected.counts.created,
        solved: expected.counts.solved,
        firstReply: expected.durations.first_reply.median,
        fullResolution: expected.durations.full_resolution.median,
      });
    }
  });

  it('a drill-down lists exactly the conversations behind a number', async () => {
    const facts = await rawFacts();
    const page = (await ok(
      call('GET', `/api/v1/analytics/conversations?${queryOf({ metric: 'solved', limit: '200' })}`),
    )) as AnalyticsConversationPage;
    const expected = facts
      .filter(
        (f) => !f.merged && f.solved_at && f.solved_at >= range.from && f.solved_at < range.to,
      )
      .map((f) => f.conversation_id)
      .sort();
    expect(page.items.map((c) => c.id).sort()).toEqual(expected);
    // Paging walks the same set.
    const first = (await ok(
      call('GET', `/api/v1/analytics/conversations?${queryOf({ metric: 'solved', limit: '2' })}`),
    )) as AnalyticsConversationPage;
    const second = (await ok(
      call(
        'GET',
        `/api/v1/analytics/conversations?${queryOf({ metric: 'solved', limit: '2', cursor: first.nextCursor! })}`,
      ),
    )) as AnalyticsConversationPage;
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(
      page.items.slice(0, 4).map((c) => c.id),
    );
  });

  it("a duration's count opens the conversations it measured, in either basis", async () => {
    const facts = await rawFacts();
    const inRange = (at: Date | null) => at !== null && at >= range.from && at < range.to;
    for (const basis of ['calendar', 'business'] as const) {
      const overview = (await ok(
        call('GET', `/api/v1/analytics/overview?${queryOf({ basis })}`),
      )) as AnalyticsOverview;
      const suffix = basis === 'business' ? '_business' : '';
      for (const metric of Object.keys(overview.durations) as DurationMetric[]) {
        const page = (await ok(
          call(
            'GET',
            `/api/v1/analytics/conversations?${queryOf({ metric, basis, limit: '200' })}`,
          ),
        )) as AnalyticsConversationPage;
        const measured = (f: FactsRow) => {
          const value = f[`${metric}${suffix}_ms` as keyof FactsRow];
          return Array.isArray(value) ? value.length > 0 : value !== null;
        };
        const side = (f: FactsRow) =>
          metric === 'first_reply' || metric === 'next_reply'
            ? inRange(f.created_at)
            : inRange(f.solved_at);
        const expected = facts.filter((f) => !f.merged && side(f) && measured(f));
        expect(page.items.map((c) => c.id).sort()).toEqual(
          expected.map((f) => f.conversation_id).sort(),
        );
        // Its rows show the durations in the same basis.
        const byId = new Map(expected.map((f) => [f.conversation_id, f]));
        for (const item of page.items) {
          const f = byId.get(item.id)!;
          expect([item.firstReplyMs, item.fullResolutionMs]).toEqual([
            f[`first_reply${suffix}_ms`],
            f[`full_resolution${suffix}_ms`],
          ]);
        }
        // One conversation per measured duration, except next reply: one per exchange.
        const count =
          metric === 'next_reply'
            ? expected.reduce((n, f) => n + f[`next_reply${suffix}_ms`].length, 0)
            : expected.length;
        expect(overview.durations[metric].count).toBe(count);
      }
    }
  });

  it('a write after a report shows in the next report (the rollup follows the timeline)', async () => {
    const before = (await ok(
      call('GET', `/api/v1/analytics/overview?${queryOf({})}`),
    )) as AnalyticsOverview;
    const open = (await ok(
      call('GET', `/api/v1/analytics/conversations?${queryOf({ metric: 'backlog' })}`),
    )) as AnalyticsConversationPage;
    const target = open.items[0]!;
    clock.advance(MIN);
    await ok(call('PATCH', `/api/v1/conversations/${target.id}`, { status: 'solved' }));
    const to = new Date(clock.now().getTime() + HOUR).toISOString();
    const after = (await ok(
      call('GET', `/api/v1/analytics/overview?from=${range.from.toISOString()}&to=${to}`),
    )) as AnalyticsOverview;
    expect(after.backlog).toBe(before.backlog - 1);
  });

  it('refuses a bad range and agents', async () => {
    const backwards = await call(
      'GET',
      `/api/v1/analytics/overview?from=${range.to.toISOString()}&to=${range.from.toISOString()}`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    const asAgent = await call(
      'GET',
      `/api/v1/analytics/overview?${queryOf({})}`,
      undefined,
      agent,
    );
    expect(asAgent.statusCode).toBe(403);
  });
});
