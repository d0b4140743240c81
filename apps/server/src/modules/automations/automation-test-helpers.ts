import { expect } from 'vitest';
import type { Kefu } from '../../server.ts';
import { type SignedIn, as } from '../../test/harness.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** API calls as a signed-in person, and the reads automation tests need. */
export function automationHelpers(kefu: () => Kefu, who: () => SignedIn) {
  const call = (method: Method, url: string, payload?: unknown) =>
    kefu().app.inject({
      method,
      url,
      ...(payload ? { payload: payload } : {}),
      ...as(who()),
    });
  const created = async <T = { id: string }>(url: string, payload: unknown) => {
    const response = await call('POST', url, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<T>();
  };
  const conversation = async (id: string) => {
    const response = await call('GET', `/api/v1/conversations/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      id: string;
      status: string;
      priority: string;
      tags: string[];
      assigneeId: string | null;
    }>();
  };
  const timeline = async (id: string) => {
    const response = await call('GET', `/api/v1/conversations/${id}/timeline`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      items: { type: string; actorType: string; data: Record<string, unknown> }[];
    }>().items;
  };
  const messages = async (id: string) => {
    const response = await call('GET', `/api/v1/conversations/${id}/messages`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      items: { body: string; authorType: string; visibility: string }[];
    }>().items;
  };
  const newConversation = async (body: string, extra: Record<string, unknown> = {}) =>
    created<{ id: string; status: string; priority: string; tags: string[] }>(
      '/api/v1/conversations',
      {
        customer: {
          identity: { kind: 'email', value: `c${Math.random()}@example.com` },
          name: '李雷',
        },
        message: { body },
        ...extra,
      },
    );
  /** Which automations acted on the conversation, in order. */
  const applied = async (id: string) =>
    (await timeline(id))
      .filter((e) => e.type === 'automation.applied')
      .map((e) => e.data.name as string);
  return { call, created, conversation, timeline, messages, newConversation, applied };
}
