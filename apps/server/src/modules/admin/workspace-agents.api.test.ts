import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, sessionFrom, signUp, startTestKefu } from '../../test/harness.ts';
import {
  acceptInvitation,
  addMember,
  auditActions,
  invite,
  login,
  memberPassword,
} from '../../test/members.ts';

describe.each(databaseKinds)('workspace and agents API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Agents');
  });
  afterAll(() => kefu.close());

  const get = (url: string, who: SignedIn) => kefu.app.inject({ method: 'GET', url, ...as(who) });
  const patch = (url: string, payload: unknown, who: SignedIn) =>
    kefu.app.inject({ method: 'PATCH', url, payload: payload as object, ...as(who) });
  const agentOf = async (id: string) => (await get(`/api/v1/agents/${id}`, owner)).json();

  it('reads the workspace as any member and changes it as an admin', async () => {
    const agent = await addMember(kefu.app, owner);
    const read = await get('/api/v1/workspace', agent);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: owner.workspaceId,
      timezone: 'UTC',
      defaultLocale: 'en',
    });

    const changed = await patch(
      '/api/v1/workspace',
      { name: 'Renamed Co', timezone: 'asia/shanghai', defaultLocale: 'zh-CN' },
      owner,
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: 'Renamed Co',
      timezone: 'Asia/Shanghai',
      defaultLocale: 'zh-CN',
    });
    expect((await get('/api/v1/workspace', agent)).json().name).toBe('Renamed Co');
    expect((await auditActions(kefu.app, owner))[0]).toBe('workspace.updated');
  });

  it('refuses time zones that are not IANA zones, and unknown fields', async () => {
    for (const timezone of ['Mars/Olympus_Mons', '+08:00', 'GMT+8 ', '']) {
      const response = await patch('/api/v1/workspace', { timezone }, owner);
      expect(response.statusCode, timezone).toBe(400);
      expect(response.json().error).toMatchObject({
        code: 'validation_failed',
        field: 'timezone',
      });
    }
    const ownerId = await patch('/api/v1/workspace', { name: 'X', ownerId: owner.userId }, owner);
    expect(ownerId.statusCode).toBe(400);
    expect(ownerId.json().error.code).toBe('validation_failed');
    expect((await get('/api/v1/workspace', owner)).json()).toMatchObject({
      name: 'Renamed Co',
      timezone: 'Asia/Shanghai',
    });
  });

  it('lists and reads agents, for agents too', async () => {
    const agent = await addMember(kefu.app, owner);
    const list = await get('/api/v1/agents', agent);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; role: string; email: string }[];
    expect(items.find((a) => a.id === owner.userId)).toMatchObject({
      role: 'owner',
      status: 'active',
    });
    expect(items.find((a) => a.id === agent.userId)).toMatchObject({
      role: 'agent',
      email: agent.email,
      teamIds: [],
    });
    const one = await get(`/api/v1/agents/${agent.userId}`, agent);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: agent.userId, role: 'agent', status: 'active' });
  });

  it('changes roles within the rules and records them', async () => {
    const agent = await addMember(kefu.app, owner);
    const promoted = await patch(`/api/v1/agents/${agent.userId}`, { role: 'admin' }, owner);
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: 'admin', status: 'active' });
    // The new role applies to the member's existing session at once.
    expect((await get('/api/v1/invitations', agent)).statusCode).toBe(200);
    expect((await auditActions(kefu.app, owner))[0]).toBe('agent.role_changed');

    // Admins manage supervisors and agents, not other admins, and cannot make admins.
    const admin = agent;
    const other = await addMember(kefu.app, owner, 'admin');
    const demoteAdmin = await patch(`/api/v1/agents/${other.userId}`, { role: 'agent' }, admin);
    expect(demoteAdmin.statusCode).toBe(403);
    const junior = await addMember(kefu.app, owner, 'agent');
    const makeAdmin = await patch(`/api/v1/agents/${junior.userId}`, { role: 'admin' }, admin);
    expect(makeAdmin.statusCode).toBe(403);
    const makeSupervisor = await patch(
      `/api/v1/agents/${junior.userId}`,
      { role: 'supervisor' },
      admin,
    );
    expect(makeSupervisor.statusCode).toBe(200);
    expect(makeSupervisor.json().role).toBe('supervisor');
    expect((await agentOf(other.userId)).role).toBe('admin');
  });

  it('lets nobody change their own role or deactivate themselves', async () => {
    const admin = await addMember(kefu.app, owner, 'admin');
    const ownRole = await patch(`/api/v1/agents/${admin.userId}`, { role: 'agent' }, admin);
    expect(ownRole.statusCode).toBe(403);
    expect(ownRole.json().error).toMatchObject({ code: 'forbidden', field: 'role' });
    expect(ownRole.json().error.message).toMatch(/your own role/);
    const ownStatus = await patch(
      `/api/v1/agents/${admin.userId}`,
      { status: 'deactivated' },
      admin,
    );
    expect(ownStatus.statusCode).toBe(409);
    expect(ownStatus.json().error.message).toMatch(/deactivate yourself/);
    expect(await agentOf(admin.userId)).toMatchObject({ role: 'admin', status: 'active' });
  });

  it('never leaves the workspace without an active owner', async () => {
    const admin = await addMember(kefu.app, owner, 'admin');
    const attempts: [SignedIn, Record<string, string>, number][] = [
      [owner, { role: 'admin' }, 403],
      [owner, { status: 'deactivated' }, 409],
      [admin, { role: 'agent' }, 409],
      [admin, { status: 'deactivated' }, 409],
    ];
    for (const [who, body, status] of attempts) {
      const response = await patch(`/api/v1/agents/${owner.userId}`, body, who);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
    }
    expect(
      (await patch(`/api/v1/agents/${owner.userId}`, { role: 'agent' }, admin)).json().error
        .message,
    ).toMatch(/active owner/);
    // No route makes anyone an owner.
    const makeOwner = await patch(`/api/v1/agents/${admin.userId}`, { role: 'owner' }, owner);
    expect(makeOwner.statusCode).toBe(400);
    expect(await agentOf(owner.userId)).toMatchObject({ role: 'owner', status: 'active' });
    expect((await get('/api/v1/auth/session', owner)).statusCode).toBe(200);

    // With a second owner the last-owner rule no longer blocks, yet owners still cannot change
    // each other (the promoted member's session now acts as an owner).
    await kefu.database.db
      .updateTable('memberships')
      .set({ role: 'owner' })
      .where('workspace_id', '=', owner.workspaceId)
      .where('user_id', '=', admin.userId)
      .execute();
    const stillNot = await patch(`/api/v1/agents/${owner.userId}`, { role: 'agent' }, admin);
    expect(stillNot.statusCode).toBe(403);
    const ownerOnOwner = await patch(
      `/api/v1/agents/${admin.userId}`,
      { status: 'deactivated' },
      owner,
    );
    expect(ownerOnOwner.statusCode).toBe(403);
    await kefu.database.db
      .updateTable('memberships')
      .set({ role: 'admin' })
      .where('workspace_id', '=', owner.workspaceId)
      .where('user_id', '=', admin.userId)
      .execute();
  });

  it('signs a deactivated agent out at once and lets them back in only when reactivated', async () => {
    const agent = await addMember(kefu.app, owner);
    expect((await get('/api/v1/auth/session', agent)).statusCode).toBe(200);
    const deactivated = await patch(
      `/api/v1/agents/${agent.userId}`,
      { status: 'deactivated' },
      owner,
    );
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ status: 'deactivated', role: 'agent' });

    const session = await get('/api/v1/auth/session', agent);
    expect(session.statusCode).toBe(401);
    expect(session.json().error.code).toBe('unauthenticated');
    expect((await get('/api/v1/conversations', agent)).statusCode).toBe(401);
    const refused = await login(kefu.app, agent.email);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('invalid_credentials');

    const reactivated = await patch(`/api/v1/agents/${agent.userId}`, { status: 'active' }, owner);
    expect(reactivated.statusCode).toBe(200);
    // The old session was revoked, not merely suspended: it stays dead after reactivation.
    expect((await get('/api/v1/auth/session', agent)).statusCode).toBe(401);
    const again = await login(kefu.app, agent.email);
    expect(again.statusCode).toBe(200);
    expect((await get('/api/v1/auth/session', sessionFrom(again))).statusCode).toBe(200);
    expect((await auditActions(kefu.app, owner)).slice(0, 2)).toEqual([
      'agent.reactivated',
      'agent.deactivated',
    ]);
  });

  it('revokes only the sessions in the workspace that deactivated the member', async () => {
    const other = await signUp(kefu.app, 'Elsewhere');
    const person = await addMember(kefu.app, other);
    const invitation = await invite(kefu.app, owner, { email: person.email });
    const joined = await acceptInvitation(kefu.app, invitation.token, memberPassword);
    expect(joined.statusCode).toBe(200);
    const here = sessionFrom(joined);
    expect(here.workspaceId).toBe(owner.workspaceId);

    const response = await patch(`/api/v1/agents/${here.userId}`, { status: 'deactivated' }, owner);
    expect(response.statusCode).toBe(200);
    expect((await get('/api/v1/auth/session', here)).statusCode).toBe(401);
    const elsewhere = await get('/api/v1/auth/session', person);
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json().workspace.id).toBe(other.workspaceId);
  });

  it('refuses mass assignment and unknown agents without writing anything', async () => {
    const agent = await addMember(kefu.app, owner);
    const before = await auditActions(kefu.app, owner);
    const stranger = await signUp(kefu.app, 'Stranger');
    for (const body of [
      { workspaceId: stranger.workspaceId },
      { role: 'supervisor', workspaceId: stranger.workspaceId },
      { role: 'supervisor', userId: owner.userId },
      { email: 'taken@example.com' },
    ]) {
      const response = await patch(`/api/v1/agents/${agent.userId}`, body, owner);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    const missing = await patch(
      '/api/v1/agents/0190a000-0000-7000-8000-000000000000',
      { role: 'agent' },
      owner,
    );
    expect(missing.statusCode).toBe(404);
    expect(await agentOf(agent.userId)).toMatchObject({ role: 'agent', status: 'active' });
    expect(await auditActions(kefu.app, owner)).toEqual(before);
  });
});
