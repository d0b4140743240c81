import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../lib/cursor.ts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { acceptInvitation, bearer, createApiToken, invite } from '../../test/members.ts';

interface Entry {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

describe.each(databaseKinds)('audit log on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Audit');
  });
  afterAll(() => kefu.close());

  const call = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    kefu.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...as(owner),
    });

  /** Reads the whole log page by page, `limit` entries at a time. */
  async function readLog(who: SignedIn, limit: number): Promise<Entry[]> {
    const entries: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/audit-log?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await kefu.app.inject({ method: 'GET', url, ...as(who) });
      expect(page.statusCode).toBe(200);
      const body = page.json<{ items: Entry[]; nextCursor: string | null }>();
      expect(body.items.length).toBeLessThanOrEqual(limit);
      entries.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    return entries;
  }

  it('lists every administrative action, newest first, across pages', async () => {
    const done: string[] = ['workspace.created'];
    const expectOk = async (action: string, response: { statusCode: number; body: string }) => {
      expect(response.statusCode, `${action}: ${response.body}`).toBeLessThan(300);
      done.push(action);
    };
    await expectOk('workspace.updated', await call('PATCH', '/api/v1/workspace', { name: 'Log' }));
    const team = await call('POST', '/api/v1/teams', { name: 'First line' });
    await expectOk('team.created', team);
    // A refused change leaves no trace.
    expect((await call('POST', '/api/v1/teams', { name: 'first LINE' })).statusCode).toBe(409);
    await expectOk(
      'team.updated',
      await call('PATCH', `/api/v1/teams/${team.json().id}`, { description: 'Triage' }),
    );
    const tag = await call('POST', '/api/v1/tags', { name: 'billing' });
    await expectOk('tag.created', tag);
    await expectOk('tag.deleted', await call('DELETE', `/api/v1/tags/${tag.json().id}`));
    await expectOk(
      'custom_field.created',
      await call('POST', '/api/v1/custom-fields', {
        entity: 'customer',
        key: 'tier',
        label: 'Tier',
        type: 'select',
        options: ['gold'],
      }),
    );
    const invitation = await invite(kefu.app, owner, { role: 'agent' });
    done.push('invitation.created');
    const joined = await acceptInvitation(kefu.app, invitation.token);
    expect(joined.statusCode).toBe(200);
    done.push('invitation.accepted');
    const memberId = joined.json().user.id as string;
    await expectOk(
      'agent.role_changed',
      await call('PATCH', `/api/v1/agents/${memberId}`, { role: 'supervisor' }),
    );
    await expectOk(
      'agent.deactivated',
      await call('PATCH', `/api/v1/agents/${memberId}`, { status: 'deactivated' }),
    );
    const token = await createApiToken(kefu.app, owner, ['admin']);
    done.push('api_token.created');
    await expectOk(
      'team.deleted',
      await kefu.app.inject({
        method: 'DELETE',
        url: `/api/v1/teams/${team.json().id}`,
        ...bearer(token.token),
      }),
    );
    await expectOk('api_token.revoked', await call('DELETE', `/api/v1/api-tokens/${token.id}`));

    const entries = await readLog(owner, 4);
    expect(entries.map((e) => e.action)).toEqual([...done].reverse());
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const times = entries.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const byAction = new Map(entries.map((e) => [e.action, e]));
    expect(byAction.get('agent.role_changed')).toMatchObject({
      actorType: 'user',
      actorId: owner.userId,
      targetType: 'user',
      targetId: memberId,
      data: { from: 'agent', to: 'supervisor' },
    });
    expect(byAction.get('team.deleted')).toMatchObject({
      actorType: 'api_token',
      actorId: token.id,
      targetId: team.json().id,
    });
    expect(byAction.get('invitation.accepted')).toMatchObject({
      actorType: 'system',
      actorId: null,
    });
    expect(byAction.get('workspace.updated')?.data).toMatchObject({
      changes: { name: { to: 'Log' } },
    });
    expect(JSON.stringify(entries)).not.toContain(token.token);
    expect(JSON.stringify(entries)).not.toContain(invitation.token);
  });

  it('shows each workspace only its own entries', async () => {
    const other = await signUp(kefu.app, 'Quiet');
    const entries = await readLog(other, 100);
    expect(entries.map((e) => e.action)).toEqual(['workspace.created']);
    expect(entries[0]?.targetId).toBe(other.workspaceId);
  });

  it('refuses cursors it did not issue and limits out of range', async () => {
    for (const query of [
      'cursor=not-a-cursor',
      `cursor=${encodeCursor({ value: 'yesterday', id: '0190a000-0000-7000-8000-000000000000' })}`,
      'limit=0',
      'limit=101',
      'before=2020-01-01',
    ]) {
      const response = await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/audit-log?${query}`,
        ...as(owner),
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
  });
});
