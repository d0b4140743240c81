import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox, headerOf, manualClock, startMailSink } from '../../test/mail.ts';

const dayMs = 86_400_000;

const settings = (patch: Record<string, unknown> = {}) => ({
  csatEnabled: true,
  csatScale: 5,
  csatReasons: [
    { id: 'slow', en: 'Took too long', zh: '等待时间太长' },
    { id: 'unfriendly', en: 'Unfriendly', zh: '态度不好' },
  ],
  csatComment: true,
  npsEnabled: false,
  npsMode: 'transactional',
  npsIntervalDays: 30,
  cesEnabled: false,
  channels: ['chat', 'email'],
  delayMinutes: 0,
  windowDays: 28,
  ...patch,
});

interface SurveyItem {
  id: string;
  kind: string;
  channel: string;
  status: string;
  agentId: string | null;
  teamId: string | null;
  response: {
    score: number;
    rating: string;
    reasons: string[];
    reasonLabels: { id: string; en: string; zh: string }[];
    comment: string | null;
    agentId: string | null;
    teamId: string | null;
  } | null;
}

describe.each(databaseKinds)('surveys on %s', (kind) => {
  let kefu: Kefu;
  let sink: Awaited<ReturnType<typeof startMailSink>>;
  let owner: SignedIn;
  let other: SignedIn;
  let teamId: string;
  const clock = manualClock(Date.parse('2026-12-01T09:00:00Z'));

  const call = (
    who: SignedIn,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
  ) =>
    kefu.app.inject({
      method,
      url,
      ...(payload ? { payload: payload } : {}),
      ...as(who),
    });

  const newConversation = async (channel: 'email' | 'chat', email: string, locale?: string) => {
    const response = await call(owner, 'POST', '/api/v1/conversations', {
      channel,
      subject: 'Order 42',
      customer: { identity: { kind: 'email', value: email }, name: '李雷' },
      message: { body: '我的订单还没到' },
      assigneeId: owner.userId,
      teamId,
    });
    expect(response.statusCode, response.body).toBe(201);
    const { id, customer } = response.json<{ id: string; customer: { id: string } }>();
    if (locale) {
      const customerId = customer.id;
      await kefu.database.db
        .updateTable('customers')
        .set({ locale })
        .where('id', '=', customerId)
        .execute();
    }
    return id;
  };
  const solve = async (id: string) => {
    const response = await call(owner, 'PATCH', `/api/v1/conversations/${id}`, {
      status: 'solved',
    });
    expect(response.statusCode, response.body).toBe(200);
    await kefu.jobs.drain();
  };
  const surveysOf = async (id: string) => {
    const response = await call(owner, 'GET', `/api/v1/conversations/${id}/surveys`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: SurveyItem[] }>().items;
  };
  /** The survey links of the last mail to `to`, as paths on this server. */
  const linksIn = async (to: string) => {
    const mail = sink.mails.filter((m) => m.to.includes(to)).at(-1);
    expect(mail, `a survey mail to ${to}`).toBeDefined();
    const parsed = await simpleParser(mail!.raw);
    const links = [...(parsed.text ?? '').matchAll(/https?:\/\/\S+\/survey\/\S+/g)].map((m) => {
      const url = new URL(m[0]);
      return { score: Number(url.searchParams.get('score')), path: `${url.pathname}${url.search}` };
    });
    return { mail: mail!, parsed, links };
  };

  beforeAll(async () => {
    sink = await startMailSink();
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock });
    owner = await signUp(kefu.app, 'Survey shop');
    other = await signUp(kefu.app, 'Other shop');
    await addMailbox(kefu.app, owner, { smtpUrl: sink.url });
    teamId = (await call(owner, 'POST', '/api/v1/teams', { name: 'Tier 1' })).json<{ id: string }>()
      .id;
    const saved = await call(owner, 'PUT', '/api/v1/surveys/settings', settings());
    expect(saved.statusCode, saved.body).toBe(200);
  });
  afterAll(async () => {
    await kefu.close();
    await sink.close();
  });

  it('mails CSAT after a solve with signed links; a click records the score with the agent and team', async () => {
    const id = await newConversation('email', 'csat-zh@example.com', 'zh-CN');
    await solve(id);
    const { mail, parsed, links } = await linksIn('csat-zh@example.com');
    expect(headerOf(mail.raw, 'Auto-Submitted')).toBe('auto-generated');
    expect(parsed.subject).toMatch(/您对我们的服务满意吗/);
    expect(parsed.text).toContain('非常满意');
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    const [request] = await surveysOf(id);
    expect(request).toMatchObject({
      kind: 'csat',
      channel: 'email',
      status: 'sent',
      agentId: owner.userId,
      teamId,
    });

    // The assignee changes before the customer rates: the rating goes to the agent of the moment.
    await call(owner, 'PATCH', `/api/v1/conversations/${id}`, { assigneeId: null });
    const click = await kefu.app.inject({ method: 'GET', url: links[4]!.path });
    expect(click.statusCode, click.body).toBe(200);
    expect(click.headers['content-security-policy']).toContain("script-src 'self'");
    expect(click.body).toContain('谢谢');
    expect(click.body).not.toContain('<script');
    const [answered] = await surveysOf(id);
    expect(answered!.status).toBe('answered');
    expect(answered!.response).toMatchObject({ score: 5, rating: 'good', agentId: null, teamId });
    const timeline = (await call(owner, 'GET', `/api/v1/conversations/${id}/timeline`)).json<{
      items: { type: string; data: Record<string, unknown> }[];
    }>().items;
    expect(timeline.find((e) => e.type === 'survey.answered')?.data).toMatchObject({
      score: 5,
      rating: 'good',
    });
  });

  it('refuses a tampered or expired link, and changes the one response inside the window', async () => {
    const id = await newConversation('email', 'csat-en@example.com');
    await solve(id);
    const { parsed, links } = await linksIn('csat-en@example.com');
    expect(parsed.subject).toMatch(/How did we do\?/);
    // The score-4 link's signature with score 1 in the query: refused, nothing written.
    const tampered = links[3]!.path.replace('score=4', 'score=1');
    const refused = await kefu.app.inject({ method: 'GET', url: tampered });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This link is not valid');
    const badSig = await kefu.app.inject({
      method: 'GET',
      url: `${links[3]!.path.slice(0, -3)}abc`,
    });
    expect(badSig.statusCode).toBe(403);
    expect((await surveysOf(id))[0]!.response).toBeNull();

    expect((await kefu.app.inject({ method: 'GET', url: links[1]!.path })).statusCode).toBe(200);
    const page = await kefu.app.inject({ method: 'GET', url: links[1]!.path });
    const requestId = (await surveysOf(id))[0]!.id;
    const e = /name="e" value="(\d+)"/.exec(page.body)![1]!;
    const sig = /name="sig" value="([^"]+)"/.exec(page.body)![1]!;
    const form = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(fields))
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
      return kefu.app.inject({
        method: 'POST',
        url: `/survey/${requestId}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      });
    };
    const changed = await form({
      e,
      sig,
      score: '3',
      reasons: ['slow'],
      comment: '<img src=x onerror=alert(1)>太慢了',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(changed.body).not.toContain('<img src=x');
    const outOfRange = await form({ e, sig, score: '9' });
    expect(outOfRange.statusCode).toBe(400);
    const unknownReason = await form({ e, sig, score: '3', reasons: ['nope'] });
    expect(unknownReason.statusCode).toBe(400);
    const forged = await form({ e, sig: `${sig.slice(0, -2)}xx`, score: '5' });
    expect(forged.statusCode).toBe(403);

    const rows = await kefu.database.db
      .selectFrom('survey_responses')
      .innerJoin('survey_requests', 'survey_requests.id', 'survey_responses.request_id')
      .select([
        'survey_responses.score',
        'survey_responses.rating',
        'survey_responses.reasons',
        'survey_responses.comment',
      ])
      .where('survey_requests.conversation_id', '=', id)
      .execute();
    expect(rows).toEqual([
      { score: 3, rating: 'bad', reasons: ['slow'], comment: '<img src=x onerror=alert(1)>太慢了' },
    ]);
    expect((await surveysOf(id))[0]!.response!.reasonLabels).toEqual([
      { id: 'slow', en: 'Took too long', zh: '等待时间太长' },
    ]);

    clock.advance(29 * dayMs);
    try {
      const late = await kefu.app.inject({ method: 'GET', url: links[4]!.path });
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('This survey is closed');
      expect((await form({ e, sig, score: '5' })).statusCode).toBe(410);
      expect((await surveysOf(id))[0]!.response!.score).toBe(3);
    } finally {
      clock.advance(-29 * dayMs);
    }
  });

  it('a closed conversation takes no more answers', async () => {
    const id = await newConversation('email', 'closed@example.com');
    await solve(id);
    const { links } = await linksIn('closed@example.com');
    await call(owner, 'PATCH', `/api/v1/conversations/${id}`, { status: 'closed' });
    expect((await kefu.app.inject({ method: 'GET', url: links[0]!.path })).statusCode).toBe(410);
  });

  it('a reopened conversation solved again is not surveyed twice', async () => {
    const id = await newConversation('email', 'twice@example.com');
    await solve(id);
    const before = sink.mails.length;
    await call(owner, 'PATCH', `/api/v1/conversations/${id}`, { status: 'open' });
    await solve(id);
    expect(sink.mails.length).toBe(before);
    expect(await surveysOf(id)).toHaveLength(1);
  });

  it('a low score fires a trigger (follow-up tag and a note for the supervisor)', async () => {
    const trigger = await call(owner, 'POST', '/api/v1/triggers', {
      name: 'CSAT bad → follow up',
      events: ['updated'],
      conditions: [{ field: 'survey.rating', op: 'is', value: 'low' }],
      actions: [
        { type: 'add_tags', tags: ['follow-up'] },
        { type: 'reply', visibility: 'internal', body: 'Low rating: call the customer back.' },
      ],
    });
    expect(trigger.statusCode, trigger.body).toBe(201);
    try {
      const good = await newConversation('email', 'happy@example.com');
      await solve(good);
      await kefu.app.inject({
        method: 'GET',
        url: (await linksIn('happy@example.com')).links[4]!.path,
      });
      const bad = await newConversation('email', 'unhappy@example.com');
      await solve(bad);
      await kefu.app.inject({
        method: 'GET',
        url: (await linksIn('unhappy@example.com')).links[0]!.path,
      });
      const tagsOf = async (id: string) =>
        (await call(owner, 'GET', `/api/v1/conversations/${id}`)).json<{ tags: string[] }>().tags;
      expect(await tagsOf(bad)).toContain('follow-up');
      expect(await tagsOf(good)).not.toContain('follow-up');
      const notes = (await call(owner, 'GET', `/api/v1/conversations/${bad}/messages`)).json<{
        items: { body: string; visibility: string }[];
      }>().items;
      expect(notes.some((m) => m.visibility === 'internal' && m.body.includes('Low rating'))).toBe(
        true,
      );
    } finally {
      await call(owner, 'PATCH', `/api/v1/triggers/${trigger.json<{ id: string }>().id}`, {
        enabled: false,
      });
    }
  });

  it('periodic NPS asks one customer at most once per interval', async () => {
    await call(
      owner,
      'PUT',
      '/api/v1/surveys/settings',
      settings({ csatEnabled: false, npsEnabled: true, npsMode: 'periodic', npsIntervalDays: 30 }),
    );
    try {
      const first = await newConversation('chat', 'nps@example.com');
      const second = await newConversation('chat', 'nps@example.com');
      await solve(first);
      await solve(second);
      expect((await surveysOf(first)).map((s) => [s.kind, s.channel])).toEqual([['nps', 'widget']]);
      expect(await surveysOf(second)).toEqual([]);
      // 29 days later: still inside the interval; 31 days: asked again.
      const askedAt = async (days: number) =>
        kefu.database.db
          .updateTable('survey_requests')
          .set({ created_at: new Date(clock.now().getTime() - days * dayMs) })
          .where('conversation_id', '=', first)
          .execute();
      await askedAt(29);
      const third = await newConversation('chat', 'nps@example.com');
      await solve(third);
      expect(await surveysOf(third)).toEqual([]);
      await askedAt(31);
      const fourth = await newConversation('chat', 'nps@example.com');
      await solve(fourth);
      expect((await surveysOf(fourth)).map((s) => s.kind)).toEqual(['nps']);
      // Transactional NPS asks after every solve.
      await call(
        owner,
        'PUT',
        '/api/v1/surveys/settings',
        settings({ csatEnabled: false, npsEnabled: true }),
      );
      const fifth = await newConversation('chat', 'nps@example.com');
      await solve(fifth);
      expect((await surveysOf(fifth)).map((s) => s.kind)).toEqual(['nps']);
    } finally {
      await call(owner, 'PUT', '/api/v1/surveys/settings', settings());
    }
  });

  it('other channels create a survey and submit the answer through the API', async () => {
    const token = await createApiToken(kefu, owner.workspaceId, ['conversations:write']);
    const bearer = { authorization: `Bearer ${token}` };
    const conversation = (
      await kefu.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: bearer,
        payload: {
          channel: 'wechat',
          customer: { identity: { kind: 'email', value: 'wx@example.com' } },
          message: { body: 'hi' },
          assigneeId: owner.userId,
        },
      })
    ).json<{ id: string }>().id;
    const created = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/requests',
      headers: bearer,
      payload: { conversationId: conversation, kind: 'ces', locale: 'zh-CN' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const request = created.json<{
      id: string;
      scale: number;
      channel: string;
      links: { score: number; url: string }[];
    }>();
    expect(request).toMatchObject({ scale: 7, channel: 'api' });
    expect(request.links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const again = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/requests',
      headers: bearer,
      payload: { conversationId: conversation, kind: 'ces' },
    });
    expect(again.statusCode).toBe(409);
    const respond = (payload: unknown) =>
      kefu.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/requests/${request.id}/response`,
        headers: bearer,
        payload: payload as object,
      });
    expect((await respond({ score: 0 })).statusCode).toBe(400);
    expect((await respond({ score: 6, reasons: ['slow'] })).json().error.field).toBe('reasons');
    const answered = await respond({ score: 6, comment: '很方便' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({
      status: 'answered',
      response: { score: 6, rating: 'agree', agentId: owner.userId },
    });
    // A link opened afterwards changes the answer (score 2) and shows the customer's language.
    const page = await kefu.app.inject({
      method: 'GET',
      url: new URL(request.links[1]!.url).pathname + new URL(request.links[1]!.url).search,
    });
    expect(page.body).toContain('让我轻松地处理了我的问题');
    expect(
      (await call(owner, 'GET', `/api/v1/surveys/requests/${request.id}`)).json(),
    ).toMatchObject({
      response: { score: 2, rating: 'disagree', comment: '很方便' },
    });
  });

  it('reports CSAT %, NPS and CES per agent and team and lists the responses', async () => {
    const from = new Date(clock.now().getTime() - dayMs).toISOString();
    const to = new Date(clock.now().getTime() + dayMs).toISOString();
    const report = await call(owner, 'GET', `/api/v1/surveys/report?from=${from}&to=${to}`);
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json<{
      overall: {
        csat: { good: number; bad: number; percent: number };
        ces: { mean: number; agreePercent: number; distribution: number[] };
      };
      byTeam: { teamId: string | null }[];
      comments: { comment: string }[];
    }>();
    // Good: happy (5) and the first (5); bad: 3 and 1. Unrated conversations do not count.
    expect(body.overall.csat).toEqual({ good: 2, bad: 2, percent: 50 });
    expect(body.overall.ces).toMatchObject({ responses: 1, mean: 2, agreePercent: 0 });
    expect(body.overall.ces.distribution).toEqual([0, 1, 0, 0, 0, 0, 0]);
    expect(body.byTeam.map((t) => t.teamId)).toContain(teamId);
    expect(body.comments.map((c) => c.comment)).toContain('很方便');
    const list = await call(
      owner,
      'GET',
      `/api/v1/surveys/responses?from=${from}&to=${to}&limit=2`,
    );
    expect(list.statusCode, list.body).toBe(200);
    const page = list.json<{ items: unknown[]; nextCursor: string | null }>();
    expect(page.items).toHaveLength(2);
    const next = await call(
      owner,
      'GET',
      `/api/v1/surveys/responses?from=${from}&to=${to}&limit=2&cursor=${page.nextCursor}`,
    );
    expect(next.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    expect(
      (await call(owner, 'GET', `/api/v1/surveys/report?from=${to}&to=${from}`)).statusCode,
    ).toBe(400);
  });

  it('keeps workspaces apart', async () => {
    const id = await newConversation('email', 'tenant@example.com');
    await solve(id);
    const [request] = await surveysOf(id);
    expect((await call(other, 'GET', `/api/v1/surveys/requests/${request!.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await call(other, 'POST', `/api/v1/surveys/requests/${request!.id}/response`, { score: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await call(other, 'GET', `/api/v1/conversations/${id}/surveys`)).statusCode).toBe(404);
    expect(
      (await call(other, 'POST', '/api/v1/surveys/requests', { conversationId: id, kind: 'nps' }))
        .statusCode,
    ).toBe(400);
    expect((await call(other, 'GET', '/api/v1/surveys/settings')).json()).toMatchObject({
      csatEnabled: false,
      windowDays: 28,
    });
    const theirs = await call(
      other,
      'GET',
      `/api/v1/surveys/report?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`,
    );
    expect(
      theirs.json<{ overall: { csat: { good: number; bad: number } } }>().overall.csat,
    ).toEqual({ good: 0, bad: 0, percent: null });
    // A link signed with the other workspace's secret does not open this workspace's survey.
    const otherSettings = await kefu.database.db
      .selectFrom('survey_settings')
      .select('link_secret')
      .where('workspace_id', '=', other.workspaceId)
      .executeTakeFirstOrThrow();
    const { surveyLink } = await import('./survey-links.ts');
    const url = new URL(
      surveyLink(
        'http://x',
        otherSettings.link_secret,
        request!.id,
        1,
        Math.floor(Date.now() / 1000) + 86_400,
      ),
    );
    expect(
      (await kefu.app.inject({ method: 'GET', url: url.pathname + url.search })).statusCode,
    ).toBe(403);
    expect((await surveysOf(id))[0]!.response).toBeNull();
  });
});
