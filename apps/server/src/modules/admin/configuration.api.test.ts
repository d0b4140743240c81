import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember, auditActions } from '../../test/members.ts';

describe.each(databaseKinds)('teams, tags and custom fields API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Config');
    agent = await addMember(kefu.app, owner);
  });
  afterAll(() => kefu.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    kefu.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...as(owner),
    });
  const read = (url: string, who: SignedIn = agent) =>
    kefu.app.inject({ method: 'GET', url, ...as(who) });

  describe('teams', () => {
    it('creates, reads, updates and deletes a team with members', async () => {
      const created = await call('POST', '/api/v1/teams', {
        name: '  Billing  ',
        description: 'Invoices and refunds',
        memberIds: [agent.userId, agent.userId],
      });
      expect(created.statusCode).toBe(201);
      const team = created.json();
      expect(team).toMatchObject({
        name: 'Billing',
        description: 'Invoices and refunds',
        memberIds: [agent.userId],
      });

      const listed = await read('/api/v1/teams');
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.map((t: { id: string }) => t.id)).toContain(team.id);
      expect((await read(`/api/v1/teams/${team.id}`)).json()).toEqual(team);
      expect((await read(`/api/v1/agents/${agent.userId}`)).json().teamIds).toEqual([team.id]);

      const renamed = await call('PATCH', `/api/v1/teams/${team.id}`, {
        name: 'Billing & Refunds',
        memberIds: [owner.userId],
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({
        name: 'Billing & Refunds',
        description: 'Invoices and refunds',
        memberIds: [owner.userId],
      });
      const cleared = await call('PATCH', `/api/v1/teams/${team.id}`, { description: null });
      expect(cleared.json()).toMatchObject({ description: null, memberIds: [owner.userId] });

      // Deleting a team takes it off its conversations but leaves them otherwise alone.
      const conversation = (
        await call('POST', '/api/v1/conversations', {
          customer: { identity: { kind: 'email', value: 'team@example.com' } },
          message: { body: 'hello' },
          teamId: team.id,
          assigneeId: owner.userId,
        })
      ).json();
      expect(conversation.teamId).toBe(team.id);
      expect((await call('DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(204);
      expect((await read(`/api/v1/teams/${team.id}`)).statusCode).toBe(404);
      expect((await call('DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(404);
      const after = (await read(`/api/v1/conversations/${conversation.id}`)).json();
      expect(after).toMatchObject({ teamId: null, assigneeId: owner.userId });
      expect((await auditActions(kefu.app, owner)).slice(0, 4)).toEqual([
        'team.deleted',
        'team.updated',
        'team.updated',
        'team.created',
      ]);
    });

    it('refuses duplicate names in any case, with the field at fault', async () => {
      await call('POST', '/api/v1/teams', { name: 'Escalations' });
      const duplicate = await call('POST', '/api/v1/teams', { name: 'ESCALATIONS' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error).toMatchObject({ code: 'already_exists', field: 'name' });

      const other = (await call('POST', '/api/v1/teams', { name: 'Onboarding' })).json();
      const rename = await call('PATCH', `/api/v1/teams/${other.id}`, { name: 'escalations' });
      expect(rename.statusCode).toBe(409);
      expect(rename.json().error).toMatchObject({ code: 'already_exists', field: 'name' });
      expect((await read(`/api/v1/teams/${other.id}`)).json().name).toBe('Onboarding');
      // Renaming a team to its own name in another case is not a conflict.
      const recase = await call('PATCH', `/api/v1/teams/${other.id}`, { name: 'ONBOARDING' });
      expect(recase.statusCode).toBe(200);
      expect(recase.json().name).toBe('ONBOARDING');
    });

    it('answers simultaneous duplicates with one 201 and 409s, never a 500', async () => {
      const responses = await Promise.all(
        ['Night shift', 'NIGHT SHIFT', 'night shift', 'Night Shift', 'nIGHT sHIFT'].map((name) =>
          call('POST', '/api/v1/teams', { name }),
        ),
      );
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
      const tags = await Promise.all(
        ['Swing', 'SWING', 'swing', ' Swing'].map((name) => call('POST', '/api/v1/tags', { name })),
      );
      expect(tags.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    });

    it('accepts only active members of this workspace as members', async () => {
      const stranger = await signUp(kefu.app, 'Stranger');
      const leaver = await addMember(kefu.app, owner);
      await call('PATCH', `/api/v1/agents/${leaver.userId}`, { status: 'deactivated' });
      const teams = (await read('/api/v1/teams')).json().items.length;
      for (const memberIds of [[stranger.userId], [agent.userId, leaver.userId]]) {
        const response = await call('POST', '/api/v1/teams', { name: 'Nope', memberIds });
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatchObject({
          code: 'validation_failed',
          field: 'memberIds',
        });
      }
      const team = (await call('POST', '/api/v1/teams', { name: 'Valid' })).json();
      const patch = await call('PATCH', `/api/v1/teams/${team.id}`, {
        name: 'Renamed',
        memberIds: [stranger.userId],
      });
      expect(patch.statusCode).toBe(400);
      expect((await read(`/api/v1/teams/${team.id}`)).json()).toMatchObject({
        name: 'Valid',
        memberIds: [],
      });
      expect((await read('/api/v1/teams')).json().items.length).toBe(teams + 1);
    });

    it('refuses mass assignment and writes nothing', async () => {
      const stranger = await signUp(kefu.app, 'Mass');
      const before = (await read('/api/v1/teams')).json().items.length;
      const audit = await auditActions(kefu.app, owner);
      for (const body of [
        { name: 'Injected', workspaceId: stranger.workspaceId },
        { name: 'Injected', id: '0190a000-0000-7000-8000-000000000000' },
        { name: 'Injected', createdAt: '2020-01-01T00:00:00Z' },
      ]) {
        const response = await call('POST', '/api/v1/teams', body);
        expect(response.statusCode).toBe(400);
        expect(response.json().error.code).toBe('validation_failed');
      }
      expect((await read('/api/v1/teams')).json().items.length).toBe(before);
      expect((await read('/api/v1/teams', stranger)).json().items).toEqual([]);
      expect(await auditActions(kefu.app, owner)).toEqual(audit);
    });
  });

  describe('tags', () => {
    it('creates, renames, recolours and deletes tags', async () => {
      const created = await call('POST', '/api/v1/tags', { name: ' Refund ', color: '#ff0000' });
      expect(created.statusCode).toBe(201);
      const tag = created.json();
      expect(tag).toMatchObject({ name: 'Refund', color: '#ff0000' });
      expect((await read('/api/v1/tags')).json().items).toContainEqual(tag);

      const updated = await call('PATCH', `/api/v1/tags/${tag.id}`, {
        name: 'Refunds',
        color: null,
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toEqual({ id: tag.id, name: 'Refunds', color: null });

      // Conversations refer to tags by id: a rename shows everywhere, a delete removes it.
      const conversation = (
        await call('POST', '/api/v1/conversations', {
          customer: { identity: { kind: 'email', value: 'tags@example.com' } },
          message: { body: 'refund please' },
          tags: ['refunds', 'vip'],
        })
      ).json();
      expect(conversation.tags).toEqual(['Refunds', 'vip']);
      expect((await call('DELETE', `/api/v1/tags/${tag.id}`)).statusCode).toBe(204);
      expect((await read(`/api/v1/conversations/${conversation.id}`)).json().tags).toEqual(['vip']);
      expect((await call('DELETE', `/api/v1/tags/${tag.id}`)).statusCode).toBe(404);
      expect((await auditActions(kefu.app, owner)).slice(0, 3)).toEqual([
        'tag.deleted',
        'tag.updated',
        'tag.created',
      ]);
    });

    it('refuses duplicate names by their lower-cased trimmed key', async () => {
      await call('POST', '/api/v1/tags', { name: 'Urgent' });
      const duplicate = await call('POST', '/api/v1/tags', { name: '  URGENT' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error).toMatchObject({ code: 'already_exists', field: 'name' });
      const other = (await call('POST', '/api/v1/tags', { name: 'later' })).json();
      const rename = await call('PATCH', `/api/v1/tags/${other.id}`, { name: 'urgent' });
      expect(rename.statusCode).toBe(409);
      expect(rename.json().error).toMatchObject({ code: 'already_exists', field: 'name' });
      const bad = await call('POST', '/api/v1/tags', { name: 'a,b', color: 'red' });
      expect(bad.statusCode).toBe(400);
      const names = (await read('/api/v1/tags')).json().items.map((t: { name: string }) => t.name);
      expect(names.filter((n: string) => n.toLowerCase() === 'urgent')).toEqual(['Urgent']);
      expect(names).toContain('later');
    });
  });

  describe('custom fields', () => {
    it('defines, lists by entity, updates and deletes fields', async () => {
      const text = await call('POST', '/api/v1/custom-fields', {
        entity: 'conversation',
        key: 'order_id',
        label: 'Order',
        type: 'text',
        required: true,
      });
      expect(text.statusCode).toBe(201);
      expect(text.json()).toMatchObject({
        entity: 'conversation',
        key: 'order_id',
        type: 'text',
        options: [],
        required: true,
        position: 0,
      });
      const select = await call('POST', '/api/v1/custom-fields', {
        entity: 'conversation',
        key: 'plan',
        label: 'Plan',
        type: 'select',
        options: ['free', 'pro'],
      });
      expect(select.statusCode).toBe(201);
      expect(select.json()).toMatchObject({ options: ['free', 'pro'], position: 1 });
      // The same key is fine on another entity.
      const customerPlan = await call('POST', '/api/v1/custom-fields', {
        entity: 'customer',
        key: 'plan',
        label: 'Plan',
        type: 'multiselect',
        options: ['a', 'b'],
      });
      expect(customerPlan.statusCode).toBe(201);

      const conversationFields = await read('/api/v1/custom-fields?entity=conversation');
      expect(conversationFields.json().items.map((f: { key: string }) => f.key)).toEqual([
        'order_id',
        'plan',
      ]);
      expect((await read('/api/v1/custom-fields')).json().items).toHaveLength(3);
      expect((await read('/api/v1/custom-fields?entity=company')).statusCode).toBe(400);

      const updated = await call('PATCH', `/api/v1/custom-fields/${select.json().id}`, {
        label: 'Pricing plan',
        options: ['free', 'pro', 'enterprise'],
        required: true,
        position: 5,
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({
        key: 'plan',
        label: 'Pricing plan',
        options: ['free', 'pro', 'enterprise'],
        required: true,
        position: 5,
      });
      const keyChange = await call('PATCH', `/api/v1/custom-fields/${select.json().id}`, {
        key: 'other',
      });
      expect(keyChange.statusCode).toBe(400);

      const removed = await call('DELETE', `/api/v1/custom-fields/${text.json().id}`);
      expect(removed.statusCode).toBe(204);
      expect(
        (await read('/api/v1/custom-fields?entity=conversation'))
          .json()
          .items.map((f: { key: string }) => f.key),
      ).toEqual(['plan']);
      expect((await auditActions(kefu.app, owner)).slice(0, 5)).toEqual([
        'custom_field.deleted',
        'custom_field.updated',
        'custom_field.created',
        'custom_field.created',
        'custom_field.created',
      ]);
    });

    it('checks options against the type and refuses duplicate keys', async () => {
      const cases: [Record<string, unknown>, number, string][] = [
        [{ key: 'tier', type: 'select' }, 400, 'options'],
        [{ key: 'tier', type: 'multiselect', options: [] }, 400, 'options'],
        [{ key: 'tier', type: 'select', options: ['a', 'a'] }, 400, 'options'],
        [{ key: 'tier', type: 'text', options: ['a'] }, 400, 'options'],
        [{ key: 'Bad-Key', type: 'text' }, 400, 'key'],
        [{ key: 'plan', type: 'text' }, 409, 'key'],
      ];
      for (const [body, status, field] of cases) {
        const response = await call('POST', '/api/v1/custom-fields', {
          entity: 'conversation',
          label: 'Tier',
          ...body,
        });
        expect(response.statusCode, JSON.stringify(body)).toBe(status);
        expect(response.json().error.field).toBe(field);
      }
      const fields = (await read('/api/v1/custom-fields')).json().items as {
        id: string;
        type: string;
        key: string;
      }[];
      expect(fields.map((f) => f.key)).not.toContain('tier');
      const select = fields.find((f) => f.type === 'select')!;
      const emptied = await call('PATCH', `/api/v1/custom-fields/${select.id}`, { options: [] });
      expect(emptied.statusCode).toBe(400);
      expect(emptied.json().error.field).toBe('options');
      const multi = fields.find((f) => f.type === 'multiselect')!;
      const textField = (
        await call('POST', '/api/v1/custom-fields', {
          entity: 'customer',
          key: 'note',
          label: 'Note',
          type: 'text',
        })
      ).json();
      const textOptions = await call('PATCH', `/api/v1/custom-fields/${textField.id}`, {
        options: ['x'],
      });
      expect(textOptions.statusCode).toBe(400);
      expect(textOptions.json().error.field).toBe('options');
      expect((await read('/api/v1/custom-fields?entity=customer')).json().items).toContainEqual(
        expect.objectContaining({ id: multi.id, options: ['a', 'b'] }),
      );
    });
  });
});
