import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../lib/secrets.ts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, sessionFrom, signUp, startTestKefu } from '../../test/harness.ts';
import {
  acceptInvitation,
  auditActions,
  invite,
  login,
  memberPassword,
  uniqueEmail,
} from '../../test/members.ts';

const sevenDaysMs = 7 * 24 * 3600 * 1000;

describe.each(databaseKinds)('invitations API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let teamId: string;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Invites');
    const team = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      payload: { name: 'Tier 1' },
      ...as(owner),
    });
    teamId = team.json().id;
  });
  afterAll(() => kefu.close());

  const post = (url: string, payload: unknown, who: SignedIn = owner) =>
    kefu.app.inject({ method: 'POST', url, payload: payload as object, ...as(who) });
  const list = async () =>
    (await kefu.app.inject({ method: 'GET', url: '/api/v1/invitations', ...as(owner) })).json()
      .items as { id: string; email: string; acceptedAt: string | null }[];

  it('creates an invitation whose token and link are shown once and stored only as a hash', async () => {
    const email = uniqueEmail('new');
    const before = Date.now();
    const response = await post('/api/v1/invitations', {
      email,
      role: 'supervisor',
      teamIds: [teamId, teamId],
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({ email, role: 'supervisor', acceptedAt: null });
    expect(created.token.length).toBeGreaterThanOrEqual(40);
    expect(created.acceptUrl).toBe(
      `http://localhost:3000/app/accept-invitation?token=${encodeURIComponent(created.token)}`,
    );
    const expiresIn = Date.parse(created.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(sevenDaysMs - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(sevenDaysMs + 60_000);

    const listed = await list();
    expect(listed.find((i) => i.id === created.id)).toMatchObject({ email, role: 'supervisor' });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const stored = await kefu.database.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashSecret(created.token));
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(stored.team_ids).toEqual([teamId]);
    const audit = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?limit=1',
      ...as(owner),
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'invitation.created',
      targetId: created.id,
      actorType: 'user',
      actorId: owner.userId,
    });
    expect(audit.body).not.toContain(created.token);
  });

  it('joins a new person end to end: accept, session, role and team', async () => {
    const invitation = await invite(kefu.app, owner, { teamIds: [teamId] });
    const accepted = await acceptInvitation(kefu.app, invitation.token, memberPassword, 'Mei');
    expect(accepted.statusCode).toBe(200);
    const member = sessionFrom(accepted);
    expect(member.workspaceId).toBe(owner.workspaceId);

    const session = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      ...as(member),
    });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      role: 'agent',
      user: { email: invitation.email, name: 'Mei' },
      workspace: { id: owner.workspaceId },
    });
    const team = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/teams/${teamId}`,
      ...as(member),
    });
    expect(team.json().memberIds).toContain(member.userId);
    const agent = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/agents/${member.userId}`,
      ...as(owner),
    });
    expect(agent.json()).toMatchObject({ role: 'agent', teamIds: [teamId] });
    expect((await list()).find((i) => i.id === invitation.id)?.acceptedAt).not.toBeNull();
    expect((await login(kefu.app, invitation.email)).statusCode).toBe(200);

    const reused = await acceptInvitation(kefu.app, invitation.token);
    expect(reused.statusCode).toBe(404);
    expect(reused.json().error.code).toBe('not_found');
    expect((await auditActions(kefu.app, owner))[0]).toBe('invitation.accepted');
  });

  it('refuses expired and revoked invitations', async () => {
    const expired = await invite(kefu.app, owner);
    await kefu.database.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expired.id)
      .execute();
    const late = await acceptInvitation(kefu.app, expired.token);
    expect(late.statusCode).toBe(404);
    expect(late.json().error.code).toBe('not_found');

    const revoked = await invite(kefu.app, owner);
    const removed = await kefu.app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${revoked.id}`,
      ...as(owner),
    });
    expect(removed.statusCode).toBe(204);
    expect((await list()).map((i) => i.id)).not.toContain(revoked.id);
    expect((await acceptInvitation(kefu.app, revoked.token)).statusCode).toBe(404);
    const again = await kefu.app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${revoked.id}`,
      ...as(owner),
    });
    expect(again.statusCode).toBe(404);
    expect((await login(kefu.app, revoked.email)).statusCode).toBe(401);
    expect((await auditActions(kefu.app, owner))[0]).toBe('invitation.revoked');
  });

  it('cannot revoke an invitation that was accepted', async () => {
    const invitation = await invite(kefu.app, owner);
    expect((await acceptInvitation(kefu.app, invitation.token)).statusCode).toBe(200);
    const response = await kefu.app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${invitation.id}`,
      ...as(owner),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it("asks for the existing account's password when the email already has one", async () => {
    const elsewhere = await signUp(kefu.app, 'Elsewhere');
    const email = (
      await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(elsewhere) })
    ).json().user.email as string;
    const invitation = await invite(kefu.app, owner, { email: email.toUpperCase() });

    const wrong = await acceptInvitation(kefu.app, invitation.token, 'not the real password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: 'invalid_credentials', field: 'password' });

    const right = await acceptInvitation(kefu.app, invitation.token, 'correct horse battery');
    expect(right.statusCode).toBe(200);
    const joined = sessionFrom(right);
    expect(joined.userId).toBe(elsewhere.userId);
    const session = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      ...as(joined),
    });
    expect(session.json().workspace.id).toBe(owner.workspaceId);
    expect(
      session
        .json()
        .workspaces.map((w: { id: string }) => w.id)
        .sort(),
    ).toEqual([owner.workspaceId, elsewhere.workspaceId].sort());
  });

  it('refuses inviting active members, deactivated members and unknown teams', async () => {
    const ownerEmail = (
      await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(owner) })
    ).json().user.email as string;
    const count = (await list()).length;

    const member = await post('/api/v1/invitations', { email: ownerEmail });
    expect(member.statusCode).toBe(409);
    expect(member.json().error).toMatchObject({ code: 'already_exists', field: 'email' });

    const invitation = await invite(kefu.app, owner);
    const accepted = sessionFrom(await acceptInvitation(kefu.app, invitation.token));
    await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/agents/${accepted.userId}`,
      payload: { status: 'deactivated' },
      ...as(owner),
    });
    const deactivated = await post('/api/v1/invitations', { email: invitation.email });
    expect(deactivated.statusCode).toBe(409);
    expect(deactivated.json().error).toMatchObject({ code: 'conflict', field: 'email' });

    const stranger = await signUp(kefu.app, 'Stranger');
    const foreignTeam = (await post('/api/v1/teams', { name: 'Not yours' }, stranger)).json()
      .id as string;
    const badTeam = await post('/api/v1/invitations', {
      email: uniqueEmail(),
      teamIds: [teamId, foreignTeam],
    });
    expect(badTeam.statusCode).toBe(400);
    expect(badTeam.json().error).toMatchObject({ code: 'validation_failed', field: 'teamIds' });

    for (const body of [
      { email: uniqueEmail(), role: 'owner' },
      { email: uniqueEmail(), workspaceId: stranger.workspaceId },
      { email: uniqueEmail(), invitedBy: stranger.userId },
      { email: 'not an email' },
    ]) {
      const response = await post('/api/v1/invitations', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect(await list()).toHaveLength(count + 1);
  });
});
