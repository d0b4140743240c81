import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { addMailbox, headerOf, mailText, startMailSink } from '../../test/mail.ts';
import { widgetHelpers } from '../widget/widget-test-helpers.ts';
import { automationHelpers } from './automation-test-helpers.ts';

describe.each(databaseKinds)('Triggers on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let token: string;
  const api = automationHelpers(
    () => kefu,
    () => owner,
  );
  const widget = widgetHelpers(() => kefu);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual' });
    owner = await signUp(kefu.app, 'Trigco');
    token = await createApiToken(kefu, owner.workspaceId, ['conversations:write']);
  });
  afterAll(() => kefu.close());

  const customerSays = (id: string, body: string) =>
    kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      headers: { authorization: `Bearer ${token}` },
      payload: { author: 'customer', body },
    });
  const removeAllTriggers = async () => {
    const list = await api.call('GET', '/api/v1/triggers');
    for (const t of list.json<{ items: { id: string }[] }>().items)
      expect((await api.call('DELETE', `/api/v1/triggers/${t.id}`)).statusCode).toBe(204);
  };

  it('acts on a new conversation whose message matches, recorded under the trigger name', async () => {
    await removeAllTriggers();
    await api.created('/api/v1/triggers', {
      name: 'Refunds are urgent',
      events: ['created'],
      match: 'all',
      conditions: [{ field: 'message.text', op: 'contains', value: '退款' }],
      actions: [
        { type: 'set_priority', priority: 'urgent' },
        { type: 'add_tags', tags: ['refund'] },
      ],
    });
    const matching = await api.newConversation('我要退款，订单 123');
    // The API answer already shows what the trigger did.
    expect(matching.priority).toBe('urgent');
    expect(matching.tags).toEqual(['refund']);
    const events = await api.timeline(matching.id);
    const priority = events.find((e) => e.type === 'priority.changed')!;
    expect(priority.actorType).toBe('system');
    expect(priority.data.via).toMatchObject({ kind: 'trigger', name: 'Refunds are urgent' });
    expect(await api.applied(matching.id)).toEqual(['Refunds are urgent']);

    const other = await api.newConversation('Where is my parcel?');
    expect(other.priority).toBe('normal');
    expect(await api.applied(other.id)).toEqual([]);
  });

  it('runs in order with all/any conditions on channel, customer and fields', async () => {
    await removeAllTriggers();
    await api.created('/api/v1/triggers', {
      name: 'VIP or big customer',
      events: ['created'],
      match: 'any',
      conditions: [
        { field: 'customer.tier', op: 'is', value: 'vip' },
        { field: 'customer.email', op: 'contains', value: '@bigcorp.example' },
      ],
      actions: [{ type: 'add_tags', tags: ['key-account'] }],
    });
    await api.created('/api/v1/triggers', {
      name: 'Key accounts on the API channel are high',
      events: ['created'],
      match: 'all',
      conditions: [
        { field: 'tag', op: 'present', value: 'key-account' },
        { field: 'channel', op: 'is', value: 'api' },
      ],
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    const big = await api.created<{ id: string; priority: string; tags: string[] }>(
      '/api/v1/conversations',
      {
        customer: { identity: { kind: 'email', value: `buyer${Date.now()}@bigcorp.example` } },
        message: { body: 'Hello' },
      },
    );
    // The second trigger saw the first one's tag.
    expect(big.tags).toEqual(['key-account']);
    expect(big.priority).toBe('high');
    const small = await api.newConversation('Hello');
    expect(small.tags).toEqual([]);
    expect(small.priority).toBe('normal');
  });

  it('fires on a customer reply (update) and reads the message text', async () => {
    await removeAllTriggers();
    const conversation = await api.newConversation('Hi');
    await api.created('/api/v1/triggers', {
      name: 'Angry customer',
      events: ['updated'],
      conditions: [
        { field: 'message.author', op: 'is', value: 'customer' },
        { field: 'message.text', op: 'contains', value: 'complaint' },
      ],
      actions: [
        { type: 'add_tags', tags: ['complaint'] },
        { type: 'reply', visibility: 'internal', body: 'Escalate #{{conversation.id}}' },
      ],
    });
    expect((await customerSays(conversation.id, 'just saying hi')).statusCode).toBe(201);
    expect((await api.conversation(conversation.id)).tags).toEqual([]);
    expect((await customerSays(conversation.id, 'I want to file a COMPLAINT')).statusCode).toBe(
      201,
    );
    expect((await api.conversation(conversation.id)).tags).toEqual(['complaint']);
    const notes = (await api.messages(conversation.id)).filter((m) => m.visibility === 'internal');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toMatch(/^Escalate #\d+$/);
    expect(notes[0]!.authorType).toBe('bot');
  });

  it('is loop-safe: triggers that undo each other fire once each per change', async () => {
    await removeAllTriggers();
    const conversation = await api.newConversation('Hi');
    await api.created('/api/v1/triggers', {
      name: 'High to low',
      events: ['updated'],
      conditions: [{ field: 'priority', op: 'is', value: 'high' }],
      actions: [{ type: 'set_priority', priority: 'low' }],
    });
    await api.created('/api/v1/triggers', {
      name: 'Low to high',
      events: ['updated'],
      conditions: [{ field: 'priority', op: 'is', value: 'low' }],
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    // Fires on every update with no condition, and its own change is an update.
    await api.created('/api/v1/triggers', {
      name: 'Always',
      events: ['updated'],
      conditions: [],
      actions: [{ type: 'add_tags', tags: ['touched'] }],
    });
    const response = await api.call('PATCH', `/api/v1/conversations/${conversation.id}`, {
      priority: 'high',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ priority: string }>().priority).toBe('high');
    expect(await api.applied(conversation.id)).toEqual(['High to low', 'Low to high', 'Always']);
    // A second change is a new event: each trigger may fire once again.
    await api.call('PATCH', `/api/v1/conversations/${conversation.id}`, { priority: 'high' });
    await api.call('PATCH', `/api/v1/conversations/${conversation.id}`, { subject: 'Again' });
    expect((await api.applied(conversation.id)).filter((n) => n === 'Always')).toHaveLength(2);
  });

  it('skips an action that can no longer apply without losing the customer message', async () => {
    await removeAllTriggers();
    const team = await api.created('/api/v1/teams', { name: `Gone ${Date.now()}` });
    await api.created('/api/v1/triggers', {
      name: 'To a team that will be deleted',
      events: ['created'],
      conditions: [],
      actions: [
        { type: 'set_team', teamId: team.id },
        { type: 'add_tags', tags: ['seen'] },
      ],
    });
    expect((await api.call('DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    const conversation = await api.newConversation('Hello');
    expect(conversation.tags).toEqual(['seen']);
    const applied = (await api.timeline(conversation.id)).find(
      (e) => e.type === 'automation.applied',
    )!;
    expect(applied.data.skipped).toEqual(['teamId: no such team']);
  });

  it('handles chats from the widget and mail from the mailbox as configured', async () => {
    await removeAllTriggers();
    await api.created('/api/v1/triggers', {
      name: 'Chat welcome',
      events: ['created'],
      conditions: [{ field: 'channel', op: 'is', value: 'chat' }],
      actions: [
        { type: 'reply', visibility: 'public', body: 'Thanks for writing! An agent will join.' },
      ],
    });
    await api.created('/api/v1/triggers', {
      name: 'Invoices by mail',
      events: ['created'],
      conditions: [
        { field: 'channel', op: 'is', value: 'email' },
        { field: 'message.text', op: 'contains', value: 'invoice' },
      ],
      actions: [
        { type: 'add_tags', tags: ['billing'] },
        { type: 'set_status', status: 'pending' },
      ],
    });
    const { publicKey } = await widget.settings(owner);
    const visitor = await widget.anonymous(publicKey);
    const chat = await widget.startChat(visitor, '你好');
    const replies = await widget.asVisitor(visitor, {
      method: 'GET',
      url: `/api/v1/widget/conversations/${chat.conversation.id}/messages`,
    });
    expect(replies.json<{ items: { body: string }[] }>().items.map((m) => m.body)).toEqual([
      '你好',
      'Thanks for writing! An agent will join.',
    ]);

    // A follow-up from the widget is an update that triggers see, with its text.
    await api.created('/api/v1/triggers', {
      name: 'Chat asks for a person',
      events: ['updated'],
      conditions: [
        { field: 'channel', op: 'is', value: 'chat' },
        { field: 'message.text', op: 'contains', value: '人工' },
      ],
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    const followUp = await widget.asVisitor(visitor, {
      method: 'POST',
      url: `/api/v1/widget/conversations/${chat.conversation.id}/messages`,
      payload: { body: '请转人工客服' },
    });
    expect(followUp.statusCode, followUp.body).toBe(201);
    expect((await api.conversation(chat.conversation.id)).priority).toBe('high');

    const mailbox = await addMailbox(kefu.app, owner);
    await kefu.services.email.inbound.receive({
      channelId: mailbox.id,
      workspaceId: owner.workspaceId,
      raw: Buffer.from(
        mailText({
          from: 'Han Meimei <han@example.com>',
          to: mailbox.address,
          subject: 'Invoice request',
          messageId: `inv-${Date.now()}@example.com`,
          body: 'Please send the invoice for order 42.',
        }),
      ),
      source: 'smtp',
    });
    await kefu.jobs.drain();
    const list = await api.call('GET', '/api/v1/conversations?channel=email');
    const mail = list.json<{ items: { id: string; tags: string[]; status: string }[] }>().items[0]!;
    expect(mail.tags).toEqual(['billing']);
    expect(mail.status).toBe('pending');
  });

  it('answers mail automatically (marked as automatic) and notifies agents', async () => {
    await removeAllTriggers();
    const sink = await startMailSink();
    try {
      await api.created('/api/v1/triggers', {
        name: 'Mail acknowledgement',
        events: ['created'],
        conditions: [{ field: 'channel', op: 'is', value: 'email' }],
        actions: [
          {
            type: 'reply',
            visibility: 'public',
            body: 'Dear {{customer.name}}, we got #{{conversation.id}}.',
          },
          { type: 'notify', text: 'New mail to look at' },
        ],
      });
      const mailbox = await addMailbox(kefu.app, owner, { smtpUrl: sink.url });
      await kefu.services.email.inbound.receive({
        channelId: mailbox.id,
        workspaceId: owner.workspaceId,
        raw: Buffer.from(
          mailText({
            from: 'Li Lei <lilei@example.com>',
            to: mailbox.address,
            subject: 'Hello',
            messageId: `ack-${Date.now()}@example.com`,
            body: 'Is anyone there?',
          }),
        ),
        source: 'smtp',
      });
      await kefu.jobs.drain();
      expect(sink.mails).toHaveLength(1);
      expect(sink.mails[0]!.to).toEqual(['lilei@example.com']);
      expect(headerOf(sink.mails[0]!.raw, 'Auto-Submitted')).toBe('auto-generated');
      expect(sink.mails[0]!.raw).toMatch(/Dear Li Lei, we got #\d+\./);
      // An out-of-office reply opens a conversation too, but is never answered by mail.
      await kefu.services.email.inbound.receive({
        channelId: mailbox.id,
        workspaceId: owner.workspaceId,
        raw: Buffer.from(
          mailText({
            from: 'Away <away@example.com>',
            to: mailbox.address,
            subject: 'Out of office',
            messageId: `ooo-${Date.now()}@example.com`,
            body: 'I am away until Monday.',
            headers: { 'Auto-Submitted': 'auto-replied' },
          }),
        ),
        source: 'smtp',
      });
      await kefu.jobs.drain();
      expect(sink.mails).toHaveLength(1);
      const notices = await kefu.database.db
        .selectFrom('realtime_events')
        .select(['payload', 'internal'])
        .where('workspace_id', '=', owner.workspaceId)
        .where('type', '=', 'automation.notice')
        .execute();
      expect(notices).toHaveLength(2);
      expect(notices[0]!.internal).toBe(true);
      expect(notices[0]!.payload).toMatchObject({
        text: 'New mail to look at',
        ruleName: 'Mail acknowledgement',
      });
    } finally {
      await sink.close();
    }
  });

  it('validates rules: closed fields, known teams, reorder lists every trigger', async () => {
    await removeAllTriggers();
    const bad = await api.call('POST', '/api/v1/triggers', {
      name: 'x',
      events: ['created'],
      conditions: [{ field: 'status; drop table', op: 'is', value: 'new' }],
      actions: [{ type: 'add_tags', tags: ['a'] }],
    });
    expect(bad.statusCode).toBe(400);
    const noTeam = await api.call('POST', '/api/v1/triggers', {
      name: 'x',
      events: ['created'],
      actions: [{ type: 'set_team', teamId: '01900000-0000-7000-8000-000000000000' }],
    });
    expect(noTeam.statusCode).toBe(400);
    expect(noTeam.json<{ error: { field: string } }>().error.field).toBe('actions.0.teamId');
    const a = await api.created('/api/v1/triggers', {
      name: 'A',
      events: ['created'],
      actions: [{ type: 'add_tags', tags: ['a'] }],
    });
    const b = await api.created('/api/v1/triggers', {
      name: 'B',
      events: ['created'],
      actions: [{ type: 'add_tags', tags: ['b'] }],
    });
    expect((await api.call('PUT', '/api/v1/triggers/order', { ids: [a.id] })).statusCode).toBe(400);
    const order = await api.call('PUT', '/api/v1/triggers/order', { ids: [b.id, a.id] });
    expect(order.json<{ items: { name: string }[] }>().items.map((t) => t.name)).toEqual([
      'B',
      'A',
    ]);
  });
});
