import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';

describe.each(databaseKinds)('conversations API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app);
  });
  afterAll(() => kefu.close());

  const create = (body: Record<string, unknown>, who: SignedIn = owner) =>
    kefu.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: body, ...as(who) });

  it('creates a conversation with its first message and a new customer', async () => {
    const response = await create({
      channel: 'email',
      subject: 'Where is my parcel?',
      customer: { name: 'Ada', identity: { kind: 'email', value: 'Ada@Example.com' } },
      message: { body: 'It has been a week.' },
      tags: ['shipping', 'Shipping'],
    });
    expect(response.statusCode).toBe(201);
    const conversation = response.json();
    expect(conversation).toMatchObject({
      channel: 'email',
      status: 'new',
      priority: 'normal',
      tags: ['shipping'],
      customer: { name: 'Ada' },
    });
    const messages = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      ...as(owner),
    });
    expect(messages.json().items).toHaveLength(1);
    expect(messages.json().items[0]).toMatchObject({
      authorType: 'customer',
      body: 'It has been a week.',
      visibility: 'public',
    });

    // The same email (any case) finds the same customer.
    const again = await create({
      customer: { identity: { kind: 'email', value: 'ada@example.COM' } },
      message: { body: 'Hello again' },
    });
    expect(again.json().customer.id).toBe(conversation.customer.id);
  });

  it('gives 50 concurrent creates 50 distinct consecutive numbers', async () => {
    const before = await create({
      customer: { identity: { kind: 'email', value: 'count@example.com' } },
      message: { body: 'first' },
    });
    const start = before.json().number as number;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        create({
          customer: { identity: { kind: 'email', value: 'count@example.com' } },
          message: { body: `n${i}` },
        }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    const numbers = responses.map((r) => r.json().number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => start + 1 + i));
  });

  it('sanitizes HTML and keeps internal notes internal', async () => {
    const conversation = (
      await create({
        customer: { identity: { kind: 'email', value: 'html@example.com' } },
        message: { body: 'hi' },
      })
    ).json();
    const note = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      payload: {
        html: '<p onclick="x()">Hello <script>alert(1)</script><a href="javascript:alert(1)">link</a><img src=x onerror=alert(1)></p>',
        visibility: 'internal',
      },
      ...as(owner),
    });
    expect(note.statusCode).toBe(201);
    const message = note.json();
    expect(message.visibility).toBe('internal');
    expect(message.html).not.toMatch(/script|onclick|onerror|javascript:/i);
    expect(message.body).toContain('Hello');
  });

  it('filters, sorts and pages with a cursor', async () => {
    const fresh = await signUp(kefu.app, 'Filters');
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await create(
        {
          channel: i % 2 ? 'chat' : 'email',
          priority: i === 3 ? 'urgent' : 'normal',
          customer: { identity: { kind: 'email', value: `f${i}@example.com` } },
          message: { body: `message ${i}` },
        },
        fresh,
      );
      made.push(response.json().id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/conversations?limit=3&sort=created_desc${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await kefu.app.inject({ method: 'GET', url, ...as(fresh) });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((c: { id: string }) => c.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const chat = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?channel=chat',
      ...as(fresh),
    });
    expect(chat.json().items).toHaveLength(3);
    const urgent = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?priority=urgent,high',
      ...as(fresh),
    });
    expect(urgent.json().items.map((c: { id: string }) => c.id)).toEqual([made[3]]);
    const bad = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?status=lost',
      ...as(fresh),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'status.0' });
  });

  it('searches Chinese and English text inside the workspace only', async () => {
    const a = await signUp(kefu.app, 'SearchA');
    const b = await signUp(kefu.app, 'SearchB');
    const post = (who: SignedIn, body: string) =>
      create(
        { customer: { identity: { kind: 'email', value: 's@example.com' } }, message: { body } },
        who,
      );
    await post(a, '我的订单物流到哪了');
    await post(a, 'Refunds take 5 days');
    await post(a, '我要退货');
    await post(b, '物流 in another workspace');
    const search = async (q: string) =>
      (
        await kefu.app.inject({
          method: 'GET',
          url: `/api/v1/search?q=${encodeURIComponent(q)}`,
          ...as(a),
        })
      )
        .json()
        .messages.map((m: { body: string }) => m.body);
    expect(await search('物流')).toEqual(['我的订单物流到哪了']);
    expect(await search('refund')).toEqual(['Refunds take 5 days']);
    expect(await search('退款')).toEqual([]);
    const list = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations?q=${encodeURIComponent('退货')}`,
      ...as(a),
    });
    expect(list.json().items).toHaveLength(1);
  });

  it('merges a conversation into another, moving messages and recording both timelines', async () => {
    const one = (
      await create({
        customer: { identity: { kind: 'email', value: 'm@example.com' } },
        message: { body: 'one' },
      })
    ).json();
    const two = (
      await create({
        customer: { identity: { kind: 'email', value: 'm@example.com' } },
        message: { body: 'two' },
      })
    ).json();
    const merged = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${one.id}/merge`,
      payload: { targetId: two.id },
      ...as(owner),
    });
    expect(merged.statusCode).toBe(200);
    const source = (
      await kefu.app.inject({ method: 'GET', url: `/api/v1/conversations/${one.id}`, ...as(owner) })
    ).json();
    expect(source).toMatchObject({ status: 'closed', mergedIntoId: two.id });
    const messages = (
      await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${two.id}/messages`,
        ...as(owner),
      })
    ).json().items;
    expect(messages.map((m: { body: string }) => m.body)).toEqual(
      expect.arrayContaining(['one', 'two']),
    );
    const timeline = (
      await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${two.id}/timeline`,
        ...as(owner),
      })
    ).json().items;
    expect(timeline.map((e: { type: string }) => e.type)).toContain('conversation.merged_from');
    const again = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${one.id}/merge`,
      payload: { targetId: two.id },
      ...as(owner),
    });
    expect(again.statusCode).toBe(409);
  });

  it('updates status, assignee and tags with timeline entries', async () => {
    const conversation = (
      await create({
        customer: { identity: { kind: 'email', value: 'u@example.com' } },
        message: { body: 'x' },
      })
    ).json();
    const response = await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${conversation.id}`,
      payload: { status: 'pending', priority: 'high', assigneeId: owner.userId, tags: ['vip'] },
      ...as(owner),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'pending',
      priority: 'high',
      assigneeId: owner.userId,
      tags: ['vip'],
    });
    const timeline = (
      await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}/timeline`,
        ...as(owner),
      })
    ).json().items;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'status.changed',
        'priority.changed',
        'assignee.changed',
        'tags.changed',
      ]),
    );
    const mine = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?assigneeId=me&tag=vip',
      ...as(owner),
    });
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    const conversation = (
      await create({
        customer: { identity: { kind: 'email', value: 'claim@example.com' } },
        message: { body: 'x' },
      })
    ).json();
    const claim = () =>
      kefu.app.inject({
        method: 'PATCH',
        url: `/api/v1/conversations/${conversation.id}`,
        payload: { assigneeId: owner.userId, expectedAssigneeId: null },
        ...as(owner),
      });
    const results = await Promise.all([claim(), claim(), claim()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(loser.json().error).toMatchObject({
      code: 'conflict',
      details: { assigneeId: owner.userId },
    });
  });
});
