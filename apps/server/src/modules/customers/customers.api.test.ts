import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';

describe.each(databaseKinds)('customers API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app);
  });
  afterAll(() => kefu.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    kefu.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(owner) });

  it('creates a customer with several identities and finds it by any of them', async () => {
    const created = await call('POST', '/api/v1/customers', {
      name: '王小明',
      identities: [
        { kind: 'email', value: 'xiaoming@example.cn' },
        { kind: 'phone', value: '+86 139-0000-1111' },
        { kind: 'external', value: 'crm-42' },
      ],
      attributes: { plan: 'gold', seats: 5 },
    });
    expect(created.statusCode).toBe(201);
    const customer = created.json();
    expect(customer.identities.map((i: { kind: string }) => i.kind)).toEqual([
      'email',
      'phone',
      'external',
    ]);
    const byName = (await call('GET', `/api/v1/customers?q=${encodeURIComponent('小明')}`)).json()
      .items;
    expect(byName.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    const byEmail = (
      await call('GET', `/api/v1/customers?q=${encodeURIComponent('xiaoming@example.cn')}`)
    ).json().items;
    expect(byEmail.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    // A conversation from the same phone number, written differently, joins this customer.
    const conversation = await call('POST', '/api/v1/conversations', {
      channel: 'phone',
      customer: { identity: { kind: 'phone', value: '+8613900001111' } },
      message: { body: '来电咨询' },
    });
    expect(conversation.json().customer.id).toBe(customer.id);
  });

  it('refuses an identity that belongs to someone else, naming the field', async () => {
    await call('POST', '/api/v1/customers', {
      identities: [{ kind: 'email', value: 'taken@example.com' }],
    });
    const response = await call('POST', '/api/v1/customers', {
      name: 'Copy',
      identities: [{ kind: 'email', value: 'TAKEN@example.com' }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'already_exists',
      field: 'identities.0.value',
    });
    const invalid = await call('POST', '/api/v1/customers', {
      identities: [{ kind: 'email', value: 'not an email' }],
    });
    expect(invalid.statusCode).toBe(400);
    const empty = await call('POST', '/api/v1/customers', {});
    expect(empty.statusCode).toBe(400);
  });

  it('merges two profiles: identities, notes and conversations move, and the audit log records it', async () => {
    const web = (
      await call('POST', '/api/v1/customers', { identities: [{ kind: 'visitor', value: 'v-123' }] })
    ).json();
    const mail = (
      await call('POST', '/api/v1/customers', {
        name: 'Grace',
        identities: [{ kind: 'email', value: 'grace@example.com' }],
      })
    ).json();
    const chat = (
      await call('POST', '/api/v1/conversations', {
        channel: 'chat',
        customer: { id: web.id },
        message: { body: 'from the widget' },
      })
    ).json();
    const email = (
      await call('POST', '/api/v1/conversations', {
        channel: 'email',
        customer: { id: mail.id },
        message: { body: 'by email' },
      })
    ).json();
    await call('POST', `/api/v1/customers/${web.id}/notes`, { body: 'Prefers chat' });
    const merged = await call('POST', `/api/v1/customers/${web.id}/merge`, { targetId: mail.id });
    expect(merged.statusCode).toBe(200);
    expect(
      merged
        .json()
        .identities.map((i: { value: string }) => i.value)
        .sort(),
    ).toEqual(['grace@example.com', 'v-123']);
    const history = (await call('GET', `/api/v1/customers/${mail.id}/conversations`)).json().items;
    expect(history.map((c: { id: string }) => c.id).sort()).toEqual([chat.id, email.id].sort());
    expect(new Set(history.map((c: { channel: string }) => c.channel))).toEqual(
      new Set(['chat', 'email']),
    );
    const notes = (await call('GET', `/api/v1/customers/${mail.id}/notes`)).json().items;
    expect(notes.map((n: { body: string }) => n.body)).toEqual(['Prefers chat']);
    const audit = await kefu.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.merged')
      .where('target_id', '=', mail.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ sourceId: web.id, targetId: mail.id });
    const list = (await call('GET', '/api/v1/customers?limit=100')).json().items;
    expect(list.map((c: { id: string }) => c.id)).not.toContain(web.id);
    expect(
      (await call('POST', `/api/v1/customers/${mail.id}/merge`, { targetId: mail.id })).statusCode,
    ).toBe(400);
  });

  it('updates a profile and validates custom fields against their definitions', async () => {
    const customer = (await call('POST', '/api/v1/customers', { name: 'Lin' })).json();
    const updated = await call('PATCH', `/api/v1/customers/${customer.id}`, {
      name: 'Lin Wei',
      attributes: { vip: true },
      locale: 'zh-CN',
    });
    expect(updated.json()).toMatchObject({
      name: 'Lin Wei',
      attributes: { vip: true },
      locale: 'zh-CN',
    });
    const unknown = await call('PATCH', `/api/v1/customers/${customer.id}`, {
      customFields: { tier: 'gold' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('customFields.tier');
  });

  it('groups customers under a company', async () => {
    const company = (
      await call('POST', '/api/v1/companies', {
        name: '星辰科技',
        domain: 'XingChen.example.cn',
        attributes: { plan: 'enterprise' },
      })
    ).json();
    expect(company).toMatchObject({ name: '星辰科技', domain: 'xingchen.example.cn' });
    const customer = (
      await call('POST', '/api/v1/customers', { name: 'Zhou', companyId: company.id })
    ).json();
    expect(customer.company).toEqual({ id: company.id, name: '星辰科技' });
    const members = (await call('GET', `/api/v1/customers?companyId=${company.id}`)).json().items;
    expect(members.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    const renamed = await call('PATCH', `/api/v1/companies/${company.id}`, {
      name: 'XingChen Tech',
    });
    expect(renamed.json().name).toBe('XingChen Tech');
    expect((await call('GET', `/api/v1/customers/${customer.id}`)).json().company.name).toBe(
      'XingChen Tech',
    );
    const missing = await call('POST', '/api/v1/customers', {
      name: 'Nobody',
      companyId: '01a2088b-a591-79c7-ac3f-0bec5740c018',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('companyId');
  });

  it('pages through customers with a cursor', async () => {
    const other = await signUp(kefu.app, 'Paging');
    for (let i = 0; i < 5; i++) {
      await kefu.app.inject({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: `P${i}` },
        ...as(other),
      });
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await kefu.app.inject({ method: 'GET', url, ...as(other) })).json<{
        items: { name: string }[];
        nextCursor: string | null;
      }>();
      names.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(['P4', 'P3', 'P2', 'P1', 'P0']);
  });
});
