import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { manualClock } from '../../test/mail.ts';
import { addMember } from '../../test/members.ts';
import { automationHelpers } from './automation-test-helpers.ts';

const HOUR = 3_600_000;

describe.each(databaseKinds)('Macros and time rules on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;
  let token: string;
  const clock = manualClock(Date.UTC(2026, 11, 7, 2, 0));
  const api = automationHelpers(
    () => kefu,
    () => owner,
  );

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock });
    owner = await signUp(kefu.app, 'Macroco');
    agent = await addMember(kefu.app, owner, 'agent');
    token = await createApiToken(kefu, owner.workspaceId, ['conversations:write']);
  });
  afterAll(() => kefu.close());

  it('applies a macro as the agent: fields, tags and a reply with variables, at once', async () => {
    const macro = await api.created('/api/v1/macros', {
      name: 'Refund approved',
      actions: [
        { type: 'set_status', status: 'pending' },
        { type: 'add_tags', tags: ['refund', 'approved'] },
        {
          type: 'reply',
          visibility: 'public',
          body: '{{customer.name}}，您好：退款已批准（#{{conversation.id}}）。{{agent.name}}',
        },
      ],
    });
    const conversation = await api.newConversation('我要退款');
    // Any agent may see and apply macros; only supervisors define them.
    const asAgent = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      kefu.app.inject({
        method,
        url,
        ...(payload ? { payload: payload } : {}),
        ...as(agent),
      });
    expect((await asAgent('POST', '/api/v1/macros', { name: 'x', actions: [] })).statusCode).toBe(
      403,
    );
    const listed = await asAgent('GET', '/api/v1/macros');
    expect(listed.json<{ items: { name: string }[] }>().items.map((m) => m.name)).toEqual([
      'Refund approved',
    ]);
    const applied = await asAgent(
      'POST',
      `/api/v1/conversations/${conversation.id}/macros/${macro.id}`,
    );
    expect(applied.statusCode, applied.body).toBe(200);
    const after = applied.json<{ status: string; tags: string[] }>();
    expect(after.status).toBe('pending');
    expect(after.tags).toEqual(['approved', 'refund']);
    const reply = (await api.messages(conversation.id)).at(-1)!;
    expect(reply.authorType).toBe('agent');
    expect(reply.body).toMatch(/^李雷，您好：退款已批准（#\d+）。.+$/);
    expect(reply.body).not.toContain('{{');
    const events = await api.timeline(conversation.id);
    const status = events.find((e) => e.type === 'status.changed' && e.data.to === 'pending')!;
    expect(status.actorType).toBe('user');
    expect(status.data.via).toMatchObject({ kind: 'macro', name: 'Refund approved' });
  });

  it('refuses a macro whose action cannot apply, changing nothing', async () => {
    const team = await api.created('/api/v1/teams', { name: `Temp ${Date.now()}` });
    const macro = await api.created('/api/v1/macros', {
      name: 'To temp team',
      actions: [
        { type: 'add_tags', tags: ['moved'] },
        { type: 'set_team', teamId: team.id },
      ],
    });
    await api.call('DELETE', `/api/v1/teams/${team.id}`);
    const conversation = await api.newConversation('hello');
    const response = await api.call(
      'POST',
      `/api/v1/conversations/${conversation.id}/macros/${macro.id}`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    expect((await api.conversation(conversation.id)).tags).toEqual([]);
    const duplicate = await api.call('POST', '/api/v1/macros', {
      name: 'to TEMP team',
      actions: [{ type: 'add_tags', tags: ['x'] }],
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('runs a time rule once per stay in the status, when its time has come', async () => {
    await api.created('/api/v1/time-rules', {
      name: 'Remind after 3 days',
      status: 'pending',
      hours: 72,
      actions: [
        { type: 'reply', visibility: 'public', body: 'Hi {{customer.name}}, any news for us?' },
        { type: 'add_tags', tags: ['reminded'] },
      ],
    });
    await api.created('/api/v1/time-rules', {
      name: 'Solve after 7 days',
      status: 'pending',
      hours: 168,
      actions: [{ type: 'set_status', status: 'solved' }],
    });
    const conversation = await api.newConversation('Question');
    await api.call('PATCH', `/api/v1/conversations/${conversation.id}`, { status: 'pending' });
    const check = async () => {
      await kefu.services.automations.scheduleTimeRules();
      await kefu.jobs.drain();
    };
    clock.advance(71 * HOUR);
    await check();
    expect(await api.applied(conversation.id)).toEqual([]);
    clock.advance(2 * HOUR);
    await check();
    expect(await api.applied(conversation.id)).toEqual(['Remind after 3 days']);
    const reminder = (await api.messages(conversation.id)).at(-1)!;
    expect(reminder).toMatchObject({ body: 'Hi 李雷, any news for us?', authorType: 'bot' });
    // Checked again in later slots: true only once.
    clock.advance(HOUR);
    await check();
    clock.advance(6 * 60_000);
    await check();
    expect(await api.applied(conversation.id)).toEqual(['Remind after 3 days']);
    // The customer answers (open), the agent sets it pending again: a new stay, a new reminder.
    const answer = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: { authorization: `Bearer ${token}` },
      payload: { author: 'customer', body: 'Still waiting' },
    });
    expect(answer.statusCode).toBe(201);
    expect((await api.conversation(conversation.id)).status).toBe('open');
    clock.advance(60_000);
    await api.call('PATCH', `/api/v1/conversations/${conversation.id}`, { status: 'pending' });
    clock.advance(73 * HOUR);
    await check();
    expect(await api.applied(conversation.id)).toEqual([
      'Remind after 3 days',
      'Remind after 3 days',
    ]);
    clock.advance(96 * HOUR);
    await check();
    expect(await api.applied(conversation.id)).toContain('Solve after 7 days');
    expect((await api.conversation(conversation.id)).status).toBe('solved');
  });
});
