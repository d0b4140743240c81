import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../lib/secrets.ts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember, auditActions, bearer, createApiToken } from '../../test/members.ts';

const newConversation = {
  customer: { identity: { kind: 'email', value: 'api@example.com' } },
  message: { body: 'from an integration' },
};

describe.each(databaseKinds)('API tokens on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Tokens');
  });
  afterAll(() => kefu.close());

  const withToken = (
    token: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    kefu.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...bearer(token),
    });
  const listTokens = async () =>
    (await kefu.app.inject({ method: 'GET', url: '/api/v1/api-tokens', ...as(owner) })).json()
      .items as { id: string; revokedAt: string | null; lastUsedAt: string | null }[];

  it('creates a token whose secret is shown once and stored only as a hash', async () => {
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      payload: { name: 'Zapier', scopes: ['conversations:read', 'conversations:read'] },
      ...as(owner),
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      name: 'Zapier',
      scopes: ['conversations:read'],
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created.token).toMatch(/^kefu_[\w-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));

    const listed = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/api-tokens',
      ...as(owner),
    });
    expect(listed.json().items).toContainEqual(
      expect.objectContaining({ id: created.id, prefix: created.prefix }),
    );
    expect(listed.body).not.toContain(created.token);
    const stored = await kefu.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashSecret(created.token));
    expect(JSON.stringify(stored)).not.toContain(created.token);
    const audit = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?limit=1',
      ...as(owner),
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'api_token.created',
      targetId: created.id,
    });
    expect(audit.body).not.toContain(created.token);
  });

  it('lets a token do exactly what its scopes allow', async () => {
    const { token } = await createApiToken(kefu.app, owner, ['conversations:read']);
    const list = await withToken(token, 'GET', '/api/v1/conversations');
    expect(list.statusCode).toBe(200);
    expect((await withToken(token, 'GET', '/api/v1/teams')).statusCode).toBe(200);
    expect((await withToken(token, 'GET', '/api/v1/agents')).statusCode).toBe(200);

    const write = await withToken(token, 'POST', '/api/v1/conversations', newConversation);
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('forbidden');
    for (const [method, url, payload] of [
      ['GET', '/api/v1/api-tokens'],
      ['GET', '/api/v1/audit-log'],
      ['GET', '/api/v1/invitations'],
      ['PATCH', '/api/v1/workspace', { name: 'Hijacked' }],
      ['POST', '/api/v1/teams', { name: 'Hijacked' }],
    ] as const) {
      const response = await withToken(token, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    expect((await listTokens()).find((t) => t.lastUsedAt !== null)).toBeDefined();
  });

  it('lets an admin-scoped token administer, without a CSRF header, but never mint tokens', async () => {
    const { token } = await createApiToken(kefu.app, owner, ['admin']);
    const team = await withToken(token, 'POST', '/api/v1/teams', { name: 'Made by a bot' });
    expect(team.statusCode).toBe(201);
    const write = await withToken(token, 'POST', '/api/v1/conversations', newConversation);
    expect(write.statusCode).toBe(201);
    const audit = await withToken(token, 'GET', '/api/v1/audit-log?limit=2');
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items[0]).toMatchObject({ action: 'team.created', actorType: 'api_token' });

    const count = (await listTokens()).length;
    const mint = await withToken(token, 'POST', '/api/v1/api-tokens', {
      name: 'escalation',
      scopes: ['admin'],
    });
    expect(mint.statusCode).toBe(403);
    expect(mint.json().error.code).toBe('forbidden');
    expect(await listTokens()).toHaveLength(count);

    // A token acts with an admin's authority: it cannot change admins or the owner.
    const admin = await addMember(kefu.app, owner, 'admin');
    const demote = await withToken(token, 'PATCH', `/api/v1/agents/${admin.userId}`, {
      role: 'agent',
    });
    expect(demote.statusCode).toBe(403);
    const ownerChange = await withToken(token, 'PATCH', `/api/v1/agents/${owner.userId}`, {
      status: 'deactivated',
    });
    expect(ownerChange.statusCode).toBe(409);
  });

  it('stops a revoked token at once with 401', async () => {
    const created = await createApiToken(kefu.app, owner, ['conversations:write']);
    expect((await withToken(created.token, 'GET', '/api/v1/conversations')).statusCode).toBe(200);
    const revoke = await kefu.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${created.id}`,
      ...as(owner),
    });
    expect(revoke.statusCode).toBe(204);
    const after = await withToken(created.token, 'GET', '/api/v1/conversations');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    expect((await listTokens()).find((t) => t.id === created.id)?.revokedAt).not.toBeNull();

    // Revoking again changes nothing and records nothing; unknown ids are 404.
    const actions = await auditActions(kefu.app, owner);
    expect(actions[0]).toBe('api_token.revoked');
    const again = await kefu.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${created.id}`,
      ...as(owner),
    });
    expect(again.statusCode).toBe(204);
    expect(await auditActions(kefu.app, owner)).toEqual(actions);
    const unknown = await kefu.app.inject({
      method: 'DELETE',
      url: '/api/v1/api-tokens/0190a000-0000-7000-8000-000000000000',
      ...as(owner),
    });
    expect(unknown.statusCode).toBe(404);
    expect((await withToken('kefu_not-a-real-token', 'GET', '/api/v1/tags')).statusCode).toBe(401);
  });

  it('refuses token creation by non-admins and unknown fields', async () => {
    const count = (await listTokens()).length;
    for (const role of ['agent', 'supervisor'] as const) {
      const member = await addMember(kefu.app, owner, role);
      const response = await kefu.app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: { name: 'mine', scopes: ['conversations:read'] },
        ...as(member),
      });
      expect(response.statusCode, role).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    const stranger = await signUp(kefu.app, 'Stranger');
    for (const body of [
      { name: 'x', scopes: ['conversations:read'], workspaceId: stranger.workspaceId },
      { name: 'x', scopes: ['superuser'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['admin'], createdBy: stranger.userId },
    ]) {
      const response = await kefu.app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        payload: body,
        ...as(owner),
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await listTokens()).toHaveLength(count);
  });
});
