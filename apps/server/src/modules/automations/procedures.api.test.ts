import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember } from '../../test/members.ts';
import { automationHelpers } from './automation-test-helpers.ts';

interface Checklist {
  procedureId: string;
  name: string;
  steps: {
    id: string;
    title: string;
    done: boolean;
    doneBy: string | null;
    doneAt: string | null;
  }[];
}

describe.each(databaseKinds)('Standard procedures on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;
  const api = automationHelpers(
    () => kefu,
    () => owner,
  );

  beforeAll(async () => {
    kefu = await startTestKefu(kind, {}, { jobs: 'manual' });
    owner = await signUp(kefu.app, 'Procco');
    agent = await addMember(kefu.app, owner, 'agent');
  });
  afterAll(() => kefu.close());

  const checklists = async (id: string, who: SignedIn) => {
    const response = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${id}/procedures`,
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Checklist[] }>().items;
  };

  it('shows the checklist of the request type and records who ticked a step and when', async () => {
    const procedure = await api.created<{ id: string; steps: { id: string; title: string }[] }>(
      '/api/v1/procedures',
      {
        name: '退款流程',
        tag: 'Refund',
        steps: [{ title: '核对订单号' }, { title: '确认退款金额' }, { title: '提交财务' }],
      },
    );
    expect(procedure.steps.map((s) => s.title)).toEqual(['核对订单号', '确认退款金额', '提交财务']);
    const plain = await api.newConversation('hello');
    expect(await checklists(plain.id, agent)).toEqual([]);
    // Tagged (here by the agent), the conversation follows the procedure.
    const conversation = await api.newConversation('我要退款', { tags: ['refund'] });
    const [list] = await checklists(conversation.id, agent);
    expect(list!.steps.every((s) => !s.done)).toBe(true);

    const step = procedure.steps[1]!;
    const tick = await kefu.app.inject({
      method: 'PUT',
      url: `/api/v1/conversations/${conversation.id}/procedures/${procedure.id}/steps/${step.id}`,
      payload: { done: true },
      ...as(agent),
    });
    expect(tick.statusCode, tick.body).toBe(200);
    // Every agent sees the same tick.
    const seen = (await checklists(conversation.id, owner))[0]!.steps[1]!;
    expect(seen).toMatchObject({ done: true, doneBy: agent.userId });
    expect(seen.doneAt).not.toBeNull();
    const events = await api.timeline(conversation.id);
    expect(events.find((e) => e.type === 'procedure.step_done')).toMatchObject({
      actorType: 'user',
      data: { procedure: '退款流程', step: '确认退款金额' },
    });

    const untick = await api.call(
      'PUT',
      `/api/v1/conversations/${conversation.id}/procedures/${procedure.id}/steps/${step.id}`,
      { done: false },
    );
    expect(untick.json<{ items: Checklist[] }>().items[0]!.steps[1]).toMatchObject({
      done: false,
      doneBy: null,
    });

    // Editing keeps ticks on the steps that were sent back with their ids.
    await api.call(
      'PUT',
      `/api/v1/conversations/${conversation.id}/procedures/${procedure.id}/steps/${procedure.steps[0]!.id}`,
      { done: true },
    );
    const edited = await api.call('PATCH', `/api/v1/procedures/${procedure.id}`, {
      steps: [{ id: procedure.steps[0]!.id, title: '核对订单号和手机号' }, { title: '完成' }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = (await checklists(conversation.id, agent))[0]!.steps;
    expect(after.map((s) => [s.title, s.done])).toEqual([
      ['核对订单号和手机号', true],
      ['完成', false],
    ]);
  });

  it('refuses a step of a procedure the conversation does not follow, and a second procedure for one tag', async () => {
    const procedure = await api.created<{ id: string; steps: { id: string }[] }>(
      '/api/v1/procedures',
      { name: 'Returns', tag: 'return', steps: [{ title: 'Photos' }] },
    );
    const conversation = await api.newConversation('hello');
    const response = await api.call(
      'PUT',
      `/api/v1/conversations/${conversation.id}/procedures/${procedure.id}/steps/${procedure.steps[0]!.id}`,
      { done: true },
    );
    expect(response.statusCode).toBe(404);
    const again = await api.call('POST', '/api/v1/procedures', {
      name: 'Other',
      tag: 'RETURN',
      steps: [{ title: 'x' }],
    });
    expect(again.statusCode).toBe(409);
    expect(
      (await kefu.app.inject({ method: 'GET', url: '/api/v1/procedures', ...as(agent) }))
        .statusCode,
    ).toBe(403);
  });
});
