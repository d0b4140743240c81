import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, SlaPolicy } from '@kefu/contracts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox, mailText, manualClock } from '../../test/mail.ts';
import { widgetHelpers } from '../widget/widget-test-helpers.ts';
import { failpoints } from '../jobs/failpoints.ts';

const MIN = 60_000;
// Monday 7 December 2026, 10:00 in Shanghai.
const MONDAY_10 = Date.UTC(2026, 11, 7, 2, 0);

describe.each(databaseKinds)('SLA policies and clocks on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let token: string;
  let calendarId: string;
  let teamId: string;
  const clock = manualClock(MONDAY_10);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock });
    owner = await signUp(kefu.app, 'Slaco');
    token = await createApiToken(kefu, owner.workspaceId, ['conversations:write']);
    teamId = (await call('POST', '/api/v1/teams', { name: 'Escalations' })).json<{ id: string }>()
      .id;
    const calendar = await call('POST', '/api/v1/business-calendars', {
      name: 'Shanghai office',
      timezone: 'Asia/Shanghai',
      intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
    });
    expect(calendar.statusCode).toBe(201);
    calendarId = calendar.json<{ id: string }>().id;
  });
  afterEach(() => failpoints.disarmAll());
  afterAll(() => kefu.close());

  function call(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) {
    return kefu.app.inject({
      method,
      url,
      ...(payload ? { payload: payload } : {}),
      ...as(owner),
    });
  }
  const postAsCustomer = (conversationId: string, body: string) =>
    kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: { authorization: `Bearer ${token}` },
      payload: { author: 'customer', body },
    });
  async function newConversation(extra: Record<string, unknown> = {}) {
    const response = await call('POST', '/api/v1/conversations', {
      customer: { identity: { kind: 'email', value: `c${Math.random()}@example.com` } },
      message: { body: 'Where is my order?' },
      ...extra,
    });
    expect(response.statusCode).toBe(201);
    return response.json<Conversation>();
  }
  const get = async (id: string) =>
    (await call('GET', `/api/v1/conversations/${id}`)).json<Conversation>();
  const clocksOf = async (id: string) =>
    (await call('GET', `/api/v1/conversations/${id}/sla`)).json<{
      clocks: {
        metric: string;
        cycle: number;
        state: string;
        dueAt: string | null;
        breachedAt: string | null;
      }[];
    }>();
  async function setPolicies(policies: Record<string, unknown>[]) {
    for (const p of (await call('GET', '/api/v1/sla-policies')).json<{ items: SlaPolicy[] }>()
      .items)
      await call('DELETE', `/api/v1/sla-policies/${p.id}`);
    const created: SlaPolicy[] = [];
    for (const p of policies) {
      const response = await call('POST', '/api/v1/sla-policies', p);
      expect(response.statusCode, response.body).toBe(201);
      created.push(response.json<SlaPolicy>());
    }
    return created;
  }
  const alerts = async (conversationId: string) =>
    kefu.database.db
      .selectFrom('realtime_events')
      .select('payload')
      .where('type', '=', 'sla.alert')
      .where('conversation_id', '=', conversationId)
      .execute();

  it('refuses policies and calendars that cannot work, with the field at fault', async () => {
    const badZone = await call('POST', '/api/v1/business-calendars', {
      name: 'Mars',
      timezone: 'Mars/Olympus',
      intervals: [{ weekday: 1, start: '09:00', end: '17:00' }],
    });
    expect([badZone.statusCode, badZone.json().error.field]).toEqual([400, 'timezone']);
    const backwards = await call('POST', '/api/v1/business-calendars', {
      name: 'Backwards',
      timezone: 'UTC',
      intervals: [{ weekday: 1, start: '17:00', end: '09:00' }],
    });
    expect(backwards.statusCode).toBe(400);
    const noCalendar = await call('POST', '/api/v1/sla-policies', {
      name: 'Needs hours',
      targets: [
        { metric: 'first_reply_time', priority: 'normal', minutes: 60, businessHours: true },
      ],
    });
    expect([noCalendar.statusCode, noCalendar.json().error.field]).toEqual([400, 'calendarId']);
    const twice = await call('POST', '/api/v1/sla-policies', {
      name: 'Twice',
      targets: [
        { metric: 'first_reply_time', priority: 'normal', minutes: 60 },
        { metric: 'first_reply_time', priority: 'normal', minutes: 30 },
      ],
    });
    expect([twice.statusCode, twice.json().error.field]).toEqual([400, 'targets.1']);
    const tooShort = await call('POST', '/api/v1/sla-policies', {
      name: 'Ten seconds',
      targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 0.1 }],
    });
    expect(tooShort.statusCode).toBe(400);
    const [one] = await setPolicies([{ name: 'Only' }]);
    const reorder = await call('PUT', '/api/v1/sla-policies/order', { ids: [one!.id, one!.id] });
    expect(reorder.statusCode).toBe(400);
  });

  it('imports holidays from iCal once, and a holiday moves the due time', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:tuesday-off@test',
      'SUMMARY:Company day',
      'DTSTART;VALUE=DATE:20261208',
      'DTEND;VALUE=DATE:20261209',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const first = await call('POST', `/api/v1/business-calendars/${calendarId}/ical`, { ics });
    expect(first.json()).toMatchObject({ imported: 1, skipped: 0 });
    const again = await call('POST', `/api/v1/business-calendars/${calendarId}/ical`, { ics });
    expect(again.json()).toMatchObject({ imported: 0, skipped: 1 });
    const bad = await call('POST', `/api/v1/business-calendars/${calendarId}/ical`, {
      ics: 'not a calendar',
    });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'ics']);
    await setPolicies([
      {
        name: 'Office hours',
        calendarId,
        targets: [
          { metric: 'resolution_time', priority: 'normal', minutes: 9 * 60, businessHours: true },
        ],
      },
    ]);
    // Monday 10:00 + 9 business hours: Monday 8 h, Tuesday closed, Wednesday 10:00.
    const conversation = await newConversation();
    expect((await get(conversation.id)).sla?.dueAt).toBe(
      new Date(Date.UTC(2026, 11, 9, 2, 0)).toISOString(),
    );
    const holidayId = first.json().calendar.holidays[0].id;
    expect(
      (await call('DELETE', `/api/v1/business-calendars/${calendarId}/holidays/${holidayId}`))
        .statusCode,
    ).toBe(200);
  });

  it('counts business hours: created after closing, due the next morning', async () => {
    await setPolicies([
      {
        name: 'Office hours',
        calendarId,
        targets: [
          { metric: 'first_reply_time', priority: 'normal', minutes: 60, businessHours: true },
        ],
      },
    ]);
    clock.advance(9 * 60 * MIN); // Monday 19:00, after closing
    const late = await newConversation();
    // Tuesday 09:00 + 1 business hour.
    expect((await get(late.id)).sla?.dueAt).toBe(
      new Date(Date.UTC(2026, 11, 8, 2, 0)).toISOString(),
    );
  });

  it('applies the first matching policy in order, and selects again when the tags change', async () => {
    const [vip, everyone] = await setPolicies([
      {
        name: 'VIP',
        conditions: { tags: ['VIP'] },
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 15 }],
      },
      {
        name: 'Everyone',
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 120 }],
      },
    ]);
    const tagged = await newConversation({ tags: ['vip'] });
    expect((await get(tagged.id)).sla).toMatchObject({
      policyName: 'VIP',
      metric: 'first_reply_time',
      dueAt: new Date(clock.now().getTime() + 15 * MIN).toISOString(),
    });
    await call('PATCH', `/api/v1/conversations/${tagged.id}`, { tags: [] });
    expect((await get(tagged.id)).sla).toMatchObject({ policyId: everyone!.id });
    // Order decides, not specificity: with Everyone first, VIP never applies.
    const order = await call('PUT', '/api/v1/sla-policies/order', { ids: [everyone!.id, vip!.id] });
    expect(order.json<{ items: SlaPolicy[] }>().items.map((p) => p.name)).toEqual([
      'Everyone',
      'VIP',
    ]);
    expect((await get((await newConversation({ tags: ['vip'] })).id)).sla?.policyName).toBe(
      'Everyone',
    );
  });

  it('matches customer tier, channel and priority conditions', async () => {
    await setPolicies([
      {
        name: 'VIP customers',
        conditions: { tiers: ['vip'], channels: ['api'], priorities: ['normal', 'high'] },
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 10 }],
      },
    ]);
    const plain = await newConversation();
    expect((await get(plain.id)).sla).toBeNull();
    const badTier = await call('PATCH', `/api/v1/customers/${plain.customer.id}`, { tier: 'gold' });
    expect([badTier.statusCode, badTier.json().error.field]).toEqual([400, 'tier']);
    const vipCustomer = await call('PATCH', `/api/v1/customers/${plain.customer.id}`, {
      tier: 'vip',
    });
    expect(vipCustomer.json()).toMatchObject({ tier: 'vip' });
    const vip = await newConversation({ customer: { id: plain.customer.id } });
    expect((await get(vip.id)).sla?.policyName).toBe('VIP customers');
    const urgent = await newConversation({
      customer: { id: plain.customer.id },
      priority: 'urgent',
    });
    expect((await get(urgent.id)).sla).toBeNull();
  });

  it('stops first reply at the agent reply, then clocks next reply from the customer message', async () => {
    await setPolicies([
      {
        name: 'Replies',
        targets: [
          { metric: 'first_reply_time', priority: 'normal', minutes: 30 },
          { metric: 'next_reply_time', priority: 'normal', minutes: 20 },
        ],
      },
    ]);
    const conversation = await newConversation();
    clock.advance(10 * MIN);
    const reply = await call('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      body: 'On its way',
    });
    expect(reply.statusCode).toBe(201);
    expect((await get(conversation.id)).sla).toMatchObject({
      metric: null,
      dueAt: null,
      breached: false,
    });
    clock.advance(5 * MIN);
    // A customer message on an open conversation takes the one-statement path: it queues a refresh.
    expect((await postAsCustomer(conversation.id, 'Thanks, when exactly?')).statusCode).toBe(201);
    await kefu.jobs.drain();
    const due = new Date(clock.now().getTime() + 20 * MIN).toISOString();
    expect((await get(conversation.id)).sla).toMatchObject({
      metric: 'next_reply_time',
      dueAt: due,
    });
    expect(
      (await clocksOf(conversation.id)).clocks.map((c) => [c.metric, c.cycle, c.state]),
    ).toEqual([
      ['first_reply_time', 0, 'fulfilled'],
      ['next_reply_time', 0, 'running'],
    ]);
  });

  it('pauses requester wait on pending and moves the due time by the pause', async () => {
    await setPolicies([
      {
        name: 'Wait',
        targets: [{ metric: 'requester_wait_time', priority: 'normal', minutes: 60 }],
      },
    ]);
    const conversation = await newConversation();
    clock.advance(10 * MIN);
    await call('PATCH', `/api/v1/conversations/${conversation.id}`, { status: 'pending' });
    expect((await get(conversation.id)).sla).toMatchObject({
      paused: true,
      dueAt: null,
      remainingMs: 50 * MIN,
    });
    clock.advance(30 * MIN);
    await call('PATCH', `/api/v1/conversations/${conversation.id}`, { status: 'open' });
    const resumedDue = new Date(clock.now().getTime() + 50 * MIN).toISOString();
    expect((await get(conversation.id)).sla).toMatchObject({ paused: false, dueAt: resumedDue });
  });

  it('warns before and acts once at the breach: notify, raise priority, tag, reassign', async () => {
    await setPolicies([
      {
        name: 'Escalate',
        // The raised priority's target is breached too, but the cycle's actions ran already.
        targets: [
          { metric: 'first_reply_time', priority: 'normal', minutes: 30 },
          { metric: 'first_reply_time', priority: 'high', minutes: 30 },
        ],
        warningMinutes: 10,
        warningActions: [{ type: 'notify' }],
        breachActions: [
          { type: 'notify' },
          { type: 'raise_priority' },
          { type: 'add_tag', tag: 'sla-breached' },
          { type: 'reassign', teamId },
        ],
      },
    ]);
    const conversation = await newConversation({ assigneeId: owner.userId });
    clock.advance(21 * MIN);
    await kefu.jobs.drain();
    expect((await alerts(conversation.id)).map((a) => a.payload)).toMatchObject([
      { kind: 'warning', metric: 'first_reply_time', assigneeId: owner.userId },
    ]);
    expect((await get(conversation.id)).priority).toBe('normal');
    clock.advance(10 * MIN);
    await kefu.jobs.drain();
    const breached = await get(conversation.id);
    expect(breached).toMatchObject({
      priority: 'high',
      teamId,
      assigneeId: null,
      tags: ['sla-breached'],
    });
    expect(breached.sla).toMatchObject({ breached: true });
    expect(
      (await alerts(conversation.id)).map((a) => (a.payload as { kind: string }).kind),
    ).toEqual(['warning', 'breach']);
    const timeline = (await call('GET', `/api/v1/conversations/${conversation.id}/timeline`)).json<{
      items: { type: string; actorType: string }[];
    }>().items;
    expect(timeline.filter((e) => e.actorType === 'system').map((e) => e.type)).toEqual(
      expect.arrayContaining(['priority.changed', 'tags.changed']),
    );
    clock.advance(60 * MIN);
    await kefu.jobs.drain();
    expect((await get(conversation.id)).priority).toBe('high');
    expect(await alerts(conversation.id)).toHaveLength(2);
  });

  it('runs a macro as a breach action, and refuses a policy naming no macro', async () => {
    const unknown = await call('POST', '/api/v1/sla-policies', {
      name: 'Ghost macro',
      breachActions: [{ type: 'run_macro', macroId: '01900000-0000-7000-8000-000000000000' }],
    });
    expect([unknown.statusCode, unknown.json().error.field]).toEqual([400, 'macroId']);
    const macro = await call('POST', '/api/v1/macros', {
      name: 'Escalate late replies',
      actions: [
        { type: 'add_tags', tags: ['macro-ran'] },
        { type: 'reply', visibility: 'internal', body: 'SLA breached: escalating' },
      ],
    });
    expect(macro.statusCode, macro.body).toBe(201);
    await setPolicies([
      {
        name: 'Macro on breach',
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 30 }],
        breachActions: [{ type: 'run_macro', macroId: macro.json<{ id: string }>().id }],
      },
    ]);
    const conversation = await newConversation();
    clock.advance(31 * MIN);
    await kefu.jobs.drain();
    expect((await get(conversation.id)).tags).toEqual(['macro-ran']);
    const messages = (await call('GET', `/api/v1/conversations/${conversation.id}/messages`)).json<{
      items: { visibility: string; body: string }[];
    }>().items;
    expect(messages.filter((m) => m.visibility === 'internal').map((m) => m.body)).toEqual([
      'SLA breached: escalating',
    ]);
    clock.advance(60 * MIN);
    await kefu.jobs.drain();
    const again = (await call('GET', `/api/v1/conversations/${conversation.id}/messages`)).json<{
      items: unknown[];
    }>().items;
    expect(again).toHaveLength(2);
  });

  it('clocks conversations that come from the widget and from email', async () => {
    await setPolicies([
      {
        name: 'Chat and mail',
        conditions: { channels: ['chat', 'email'] },
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 20 }],
      },
    ]);
    const due = new Date(clock.now().getTime() + 20 * MIN).toISOString();
    const widget = widgetHelpers(() => kefu);
    const { publicKey } = await widget.settings(owner);
    await call('PATCH', '/api/v1/widget-settings', { enabled: true });
    const chat = await widget.startChat(await widget.anonymous(publicKey), '你好，我的订单呢？');
    expect((await get(chat.conversation.id)).sla).toMatchObject({
      policyName: 'Chat and mail',
      metric: 'first_reply_time',
      dueAt: due,
    });
    const mailbox = await addMailbox(kefu.app, owner);
    await kefu.services.email.inbound.receive({
      channelId: mailbox.id,
      workspaceId: owner.workspaceId,
      raw: Buffer.from(
        mailText({
          from: 'buyer@example.com',
          to: mailbox.address,
          subject: 'Broken kettle',
          messageId: 'sla-mail-1@example.com',
          body: 'It stopped working.',
        }),
      ),
      source: 'smtp',
    });
    await kefu.jobs.drain();
    const mails = (await call('GET', '/api/v1/conversations?channel=email')).json<{
      items: Conversation[];
    }>().items;
    expect(mails.map((c) => c.sla)).toMatchObject([
      { policyName: 'Chat and mail', metric: 'first_reply_time', dueAt: due },
    ]);
  });

  it('a merged conversation stops its clocks; the target counts the moved messages', async () => {
    await setPolicies([
      {
        name: 'Merge',
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 30 }],
        breachActions: [{ type: 'notify' }],
      },
    ]);
    const source = await newConversation();
    const target = await newConversation();
    clock.advance(10 * MIN);
    const merged = await call('POST', `/api/v1/conversations/${source.id}/merge`, {
      targetId: target.id,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await get(source.id)).sla).toMatchObject({ metric: null, dueAt: null });
    clock.advance(21 * MIN);
    await kefu.jobs.drain();
    expect(await alerts(source.id)).toHaveLength(0);
    expect((await alerts(target.id)).map((a) => (a.payload as { kind: string }).kind)).toEqual([
      'breach',
    ]);
  });

  it('selects the policy after the triggers: a trigger that raises the priority decides the target', async () => {
    await setPolicies([
      {
        name: 'By priority',
        targets: [
          { metric: 'first_reply_time', priority: 'normal', minutes: 60 },
          { metric: 'first_reply_time', priority: 'urgent', minutes: 10 },
        ],
      },
    ]);
    const trigger = await call('POST', '/api/v1/triggers', {
      name: 'Outage is urgent',
      events: ['created'],
      conditions: [{ field: 'message.text', op: 'contains', value: 'outage' }],
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    });
    expect(trigger.statusCode, trigger.body).toBe(201);
    const urgent = await newConversation({ message: { body: 'Total outage since noon' } });
    const now = clock.now().getTime();
    expect(await get(urgent.id)).toMatchObject({
      priority: 'urgent',
      sla: { metric: 'first_reply_time', dueAt: new Date(now + 10 * MIN).toISOString() },
    });
    const calm = await newConversation({ message: { body: 'A question about invoices' } });
    expect((await get(calm.id)).sla?.dueAt).toBe(new Date(now + 60 * MIN).toISOString());
    await call('DELETE', `/api/v1/triggers/${trigger.json<{ id: string }>().id}`);
  });

  it('a new calendar does not recompute the wait already counted (multi-event metrics)', async () => {
    const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: '00:00',
      end: '24:00',
    }));
    const calendar = await call('POST', '/api/v1/business-calendars', {
      name: 'Always open',
      timezone: 'UTC',
      intervals: everyDay,
    });
    const calendarId = calendar.json<{ id: string }>().id;
    await setPolicies([
      {
        name: 'Wait in business hours',
        calendarId,
        targets: [
          { metric: 'requester_wait_time', priority: 'normal', minutes: 600, businessHours: true },
          { metric: 'resolution_time', priority: 'normal', minutes: 600, businessHours: true },
        ],
      },
    ]);
    const conversation = await newConversation();
    clock.advance(60 * MIN);
    // The schedule changes to one minute a week; the policy is selected again (tags changed).
    await call('PATCH', `/api/v1/business-calendars/${calendarId}`, {
      intervals: [{ weekday: 3, start: '03:00', end: '03:01' }],
    });
    await call('PATCH', `/api/v1/conversations/${conversation.id}`, { tags: ['recalendared'] });
    const clocks = (await clocksOf(conversation.id)).clocks as unknown as {
      metric: string;
      elapsedMs: number;
    }[];
    // Requester wait keeps its hour; resolution (single-event) applies the new schedule throughout.
    expect(clocks.find((c) => c.metric === 'requester_wait_time')?.elapsedMs).toBe(60 * MIN);
    expect(clocks.find((c) => c.metric === 'resolution_time')!.elapsedMs).toBeLessThanOrEqual(MIN);
  });

  it('a reply before the target cancels the breach (the job finds the clock stopped)', async () => {
    await setPolicies([
      {
        name: 'Raise',
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 30 }],
        breachActions: [{ type: 'raise_priority' }],
      },
    ]);
    const conversation = await newConversation();
    clock.advance(20 * MIN);
    await call('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      body: 'Looking now',
    });
    clock.advance(20 * MIN);
    await kefu.jobs.drain();
    expect((await get(conversation.id)).priority).toBe('normal');
  });

  it('clocks an agent-created conversation with a public first comment to the second reply', async () => {
    await setPolicies([
      {
        name: 'Outbound',
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 60 }],
      },
    ]);
    const conversation = await newConversation({
      message: { author: 'agent', body: 'We noticed a problem with your order' },
    });
    clock.advance(5 * MIN);
    await postAsCustomer(conversation.id, 'Oh no, what happened?');
    await kefu.jobs.drain();
    expect((await get(conversation.id)).sla).toMatchObject({ metric: 'first_reply_time' });
    clock.advance(5 * MIN);
    await call('POST', `/api/v1/conversations/${conversation.id}/messages`, {
      body: 'Here is what happened',
    });
    expect((await clocksOf(conversation.id)).clocks[0]).toMatchObject({
      state: 'fulfilled',
      breachedAt: null,
    });
  });

  it('reports achievement per policy, metric, team and agent', async () => {
    const [policy] = await setPolicies([
      {
        name: 'Report',
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 30 }],
      },
    ]);
    clock.advance(24 * 60 * MIN); // a window no earlier test's clock ended in
    const from = clock.now().toISOString();
    const quick = await newConversation({ assigneeId: owner.userId });
    const slow = await newConversation({ assigneeId: owner.userId });
    clock.advance(10 * MIN);
    await call('POST', `/api/v1/conversations/${quick.id}/messages`, { body: 'Hi' });
    clock.advance(40 * MIN);
    await call('POST', `/api/v1/conversations/${slow.id}/messages`, { body: 'Sorry for the wait' });
    await kefu.jobs.drain(); // the replies to assigned (open) conversations queued refreshes
    const to = new Date(clock.now().getTime() + MIN).toISOString();
    const report = await call(
      'GET',
      `/api/v1/sla/achievement?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(report.statusCode).toBe(200);
    const body = report.json();
    expect(body.byPolicy).toEqual([
      { key: policy!.id, total: 2, achieved: 1, breached: 1, rate: 0.5 },
    ]);
    expect(body.byMetric).toEqual([
      { key: 'first_reply_time', total: 2, achieved: 1, breached: 1, rate: 0.5 },
    ]);
    expect(body.byAgent).toEqual([
      { key: owner.userId, total: 2, achieved: 1, breached: 1, rate: 0.5 },
    ]);
    expect(body.byTeam).toEqual([{ key: null, total: 2, achieved: 1, breached: 1, rate: 0.5 }]);
    const backwards = await call(
      'GET',
      `/api/v1/sla/achievement?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
    );
    expect([backwards.statusCode, backwards.json().error.field]).toEqual([400, 'to']);
  });

  it("the whole-workspace evaluation agrees with each conversation's clocks", async () => {
    const open = await kefu.database.db
      .selectFrom('conversation_sla as s')
      .innerJoin('conversations as c', 'c.id', 's.conversation_id')
      .select('c.id')
      .where('s.workspace_id', '=', owner.workspaceId)
      .where('c.status', 'not in', ['solved', 'closed'])
      .execute();
    const expected = { conversations: open.length, running: 0, paused: 0, breached: 0 };
    for (const { id } of open) {
      for (const c of (await clocksOf(id)).clocks) {
        if (c.state === 'running') expected.running += 1;
        if (c.state === 'paused') expected.paused += 1;
        if (c.state !== 'fulfilled' && c.breachedAt !== null) expected.breached += 1;
      }
    }
    expect(expected.conversations).toBeGreaterThan(5);
    expect(await kefu.services.slaReports.evaluateOpen(owner.workspaceId, 3)).toEqual(expected);
  });
});
