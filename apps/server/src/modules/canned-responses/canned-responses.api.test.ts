import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember, auditActions, bearer, createApiToken } from '../../test/members.ts';

interface Item {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  createdBy: string | null;
  canEdit: boolean;
}

describe.each(databaseKinds)('canned responses API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;
  let otherAgent: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Canned');
    agent = await addMember(kefu.app, owner, 'agent');
    otherAgent = await addMember(kefu.app, owner, 'agent');
  });
  afterAll(() => kefu.close());

  const send = (
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    who: SignedIn,
    payload?: unknown,
  ) =>
    kefu.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...as(who),
    });
  const create = (who: SignedIn, payload: { shortcut: string; title: string; body: string }) =>
    send('POST', '/api/v1/canned-responses', who, payload);
  const list = async (who: SignedIn, query = '') => {
    const response = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/canned-responses${query}`,
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Item[]; nextCursor: string | null }>();
  };

  it('creates, reads, changes and deletes, with every change in the audit log', async () => {
    const created = await create(agent, {
      shortcut: 'Refund',
      title: 'Refund on its way',
      body: 'Hi {{customer.name}}, your refund is on its way. {{agent.name}}',
    });
    expect(created.statusCode, created.body).toBe(201);
    const item = created.json<Item>();
    expect(item).toMatchObject({ shortcut: 'Refund', createdBy: agent.userId, canEdit: true });

    const read = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/canned-responses/${item.id}`,
      ...as(otherAgent),
    });
    expect(read.json<Item>()).toMatchObject({ id: item.id, canEdit: false });

    const changed = await send('PATCH', `/api/v1/canned-responses/${item.id}`, agent, {
      title: 'Refund sent',
      body: 'Refund sent, {{customer.name}}.',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Item>()).toMatchObject({ title: 'Refund sent', shortcut: 'Refund' });

    const removed = await send('DELETE', `/api/v1/canned-responses/${item.id}`, agent);
    expect(removed.statusCode).toBe(204);
    const gone = await send('PATCH', `/api/v1/canned-responses/${item.id}`, owner, { title: 'x' });
    expect(gone.statusCode).toBe(404);

    const actions = await auditActions(kefu.app, owner);
    expect(actions.slice(0, 3)).toEqual([
      'canned_response.deleted',
      'canned_response.updated',
      'canned_response.created',
    ]);
  });

  it('refuses a shortcut already used in the workspace, ignoring case, with 409', async () => {
    const first = await create(owner, { shortcut: 'hello', title: 'Hello', body: 'Hello!' });
    expect(first.statusCode).toBe(201);
    for (const shortcut of ['hello', 'HELLO', 'ｈｅｌｌｏ']) {
      const again = await create(agent, { shortcut, title: 'Again', body: 'Hi' });
      expect(again.statusCode, shortcut).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'already_exists', field: 'shortcut' });
    }
    const other = await create(owner, { shortcut: 'bye', title: 'Bye', body: 'Bye!' });
    const renamed = await send(
      'PATCH',
      `/api/v1/canned-responses/${other.json<Item>().id}`,
      owner,
      {
        shortcut: 'Hello',
      },
    );
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.code).toBe('already_exists');

    // Another workspace may use the same shortcut.
    const elsewhere = await signUp(kefu.app, 'Elsewhere');
    expect(
      (await create(elsewhere, { shortcut: 'hello', title: 'Hi', body: 'Hi' })).statusCode,
    ).toBe(201);
  });

  it('lets admins and the author edit, and every agent read', async () => {
    const mine = (
      await create(agent, { shortcut: 'mine', title: 'Mine', body: 'text' })
    ).json<Item>();
    const url = `/api/v1/canned-responses/${mine.id}`;
    const refused = await send('PATCH', url, otherAgent, { title: 'Not yours' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect((await send('DELETE', url, otherAgent)).statusCode).toBe(403);

    const admin = await addMember(kefu.app, owner, 'admin');
    const byAdmin = await send('PATCH', url, admin, { title: 'Tidied by an admin' });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json<Item>().canEdit).toBe(true);

    const seen = (await list(otherAgent, '?q=mine')).items.find((i) => i.id === mine.id);
    expect(seen).toMatchObject({ title: 'Tidied by an admin', canEdit: false });
    expect((await list(agent, '?q=mine')).items[0]).toMatchObject({ id: mine.id, canEdit: true });

    // A read-only token lists them but cannot add one.
    const token = await createApiToken(kefu.app, owner, ['conversations:read']);
    const read = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/canned-responses',
      ...bearer(token.token),
    });
    expect(read.statusCode).toBe(200);
    const write = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/canned-responses',
      payload: { shortcut: 'tok', title: 'Token', body: 'x' },
      ...bearer(token.token),
    });
    expect(write.statusCode).toBe(403);
  });

  it('searches shortcut and title, shortcut prefix matches first, and pages', async () => {
    const who = await signUp(kefu.app, 'Search');
    for (const [shortcut, title] of [
      ['partial-refund', 'Partial refund'],
      ['refund', 'Full refund'],
      ['refund-late', 'Refund is late'],
      ['退款', '退款说明 refund policy'],
      ['shipping', 'Where is my parcel'],
    ])
      expect(
        (await create(who, { shortcut: shortcut!, title: title!, body: 'x' })).statusCode,
      ).toBe(201);
    const shortcuts = async (query: string) =>
      (await list(who, query)).items.map((i) => i.shortcut);
    expect(await shortcuts('?q=REF')).toEqual(['refund', 'refund-late', 'partial-refund', '退款']);
    expect(await shortcuts('?q=parcel')).toEqual(['shipping']);
    expect(await shortcuts('?q=退')).toEqual(['退款']);
    expect(await shortcuts('?q=nothing')).toEqual([]);
    expect(await shortcuts('?q=%25')).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(
        who,
        `?q=refund&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.shortcut));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['refund', 'refund-late', 'partial-refund', '退款']);

    const bad = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/canned-responses?cursor=nonsense',
      ...as(who),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
  });

  it('refuses shortcuts with spaces or markup, and empty text', async () => {
    for (const payload of [
      { shortcut: 'two words', title: 'T', body: 'x' },
      { shortcut: '/refund', title: 'T', body: 'x' },
      { shortcut: '<b>', title: 'T', body: 'x' },
      { shortcut: 'ok', title: '   ', body: 'x' },
      { shortcut: 'ok', title: 'T', body: '   ' },
    ]) {
      const response = await create(owner, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
  });
});
